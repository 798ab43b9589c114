namespace TutorBot.Storage;

/// <summary>
/// One entry of the personal-data register (GDPR art. 30): which columns of a table identify whom, how long its
/// rows live (a configuration key, or a rule), and what an erasure does to them. Declared with the table
/// (<see cref="StorageLayoutExtensions.AddTable"/>), shown to coordinators and checked by the register test.
/// </summary>
/// <param name="Identifies">The columns that name a person and whose ids they are (person id, Entra object id, Teams user id, name, mailbox or login, free text).</param>
/// <param name="Retention">How long rows live: a rule, naming the setting that fixes the period.</param>
/// <param name="Erase">What erasing one person does: which rows are deleted, which columns are anonymised.</param>
public sealed record PersonalData(string Identifies, string Retention, string Erase)
{
    /// <summary>A table that names nobody (counts, leases, tenants, agreements).</summary>
    public static PersonalData None(string retention) => new("nobody: no column identifies a person", retention, "nothing to erase");
}
