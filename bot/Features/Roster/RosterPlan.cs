using Azure;

namespace TutorBot.Features.Roster;

public enum ItemStatus
{
    New,
    Changed,
    Unchanged,
}

public sealed record PlannedSchool(int Line, RosterSchool School, ItemStatus Status);

/// <summary>A person to write; <see cref="Stored"/> and <see cref="ETag"/> are the row as read, for a conditional write.</summary>
public sealed record PlannedPerson(int Line, RosterPerson Person, ItemStatus Status, RosterPerson? Stored, ETag? ETag);

/// <summary>What an import would do: the problems by line, and the rows new, changed and unchanged.</summary>
public sealed record RosterPlan(
    IReadOnlyList<RosterProblem> Problems,
    IReadOnlyList<PlannedSchool> Schools,
    IReadOnlyList<PlannedPerson> People,
    IReadOnlyList<RosterClass> Classes,
    IReadOnlyList<RosterOrganisation> NewOrganisations)
{
    public int Total => Schools.Count + People.Count;

    public int Count(ItemStatus status) => Schools.Count(s => s.Status == status) + People.Count(p => p.Status == status);
}

/// <summary>What storage already holds for the rows of one file, read before validation.</summary>
public sealed class RosterSnapshot
{
    public Dictionary<string, RosterSchool> Schools { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RosterOrganisation> Organisations { get; } = new(StringComparer.Ordinal);

    /// <summary>By normalised login.</summary>
    public Dictionary<string, (RosterPerson Person, ETag ETag)> People { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Classes { get; } = new(StringComparer.Ordinal);
}
