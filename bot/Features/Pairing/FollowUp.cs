namespace TutorBot.Features.Pairing;

/// <summary>
/// A student's path for one school year (its first calendar year, 2026 for 2026–2027): class or course, school,
/// degree aimed at, graduation and first job. Recorded by the tutor from the yearly card or by a coordinator.
/// </summary>
public sealed record FollowUp(
    string StudentId,
    int Year,
    string? ClassName,
    string? School,
    string? DegreeTarget,
    bool Graduated,
    string? FirstJob,
    string RecordedBy,
    DateTimeOffset RecordedUtc)
{
    public const int TextMax = 120;

    /// <summary>The degrees the programme aims at (Bac+3 to Bac+5).</summary>
    public static readonly string[] Degrees = ["Bac+3", "Bac+4", "Bac+5"];

    /// <summary>What is wrong with it, as field names; empty when it may be saved.</summary>
    public IReadOnlyList<string> Problems(DateTimeOffset now)
    {
        var problems = new List<string>();
        if (Year < 2000 || Year > now.Year)
        {
            problems.Add("year");
        }

        if (DegreeTarget is not null && !Degrees.Contains(DegreeTarget))
        {
            problems.Add("degreeTarget");
        }

        foreach (var (name, value) in new[] { ("className", ClassName), ("school", School), ("firstJob", FirstJob) })
        {
            if (value is { Length: > TextMax })
            {
                problems.Add(name);
            }
        }

        if (FirstJob is not null && !Graduated)
        {
            problems.Add("firstJob");
        }

        return problems;
    }

    /// <summary>The school year a date falls in: from September on, the new one.</summary>
    public static int SchoolYear(DateTimeOffset parisDate) => parisDate.Month >= 9 ? parisDate.Year : parisDate.Year - 1;
}

/// <summary>A graduate who agreed to join the alumni community (coordinators list them and invite them, e.g. as speakers).</summary>
public sealed record Alumnus(string StudentId, string SchoolUai, bool OptedIn, DateTimeOffset ChangedUtc, string RecordedBy);
