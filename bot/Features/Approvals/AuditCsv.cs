using System.Globalization;
using System.Text;

namespace TutorBot.Features.Approvals;

/// <summary>
/// The audit log as CSV for Excel (French Excel reads <c>;</c>): one line per entry with its number and hashes, so the
/// export can be checked against the chain. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is
/// prefixed with an apostrophe; quotes are doubled.
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Header =
        ["seq", "at_utc", "kind", "actor", "organisation", "logo_hash", "medium", "subject_hash", "request", "agreement", "detail", "previous_hash", "hash"];

    public static string Write(IEnumerable<AuditEntry> entries, Func<string?, string?>? organisationName = null)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(';', Header)).Append("\r\n");
        foreach (var e in entries)
        {
            var f = e.Fact;
            string?[] cells =
            [
                e.Seq.ToString(CultureInfo.InvariantCulture), f.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), f.Kind, f.ActorId,
                organisationName?.Invoke(f.OrganisationId) ?? f.OrganisationId, f.LogoHash, f.Medium, f.SubjectHash, f.RequestId, f.AgreementId, f.Detail, e.PreviousHash, e.Hash,
            ];
            csv.Append(string.Join(';', cells.Select(Cell))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>One cell: formula-looking text neutralised, then quoted when it holds a separator, a quote or a line break.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([';', '"', '\r', '\n', ',']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
