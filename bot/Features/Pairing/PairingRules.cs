using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>
/// The association's criteria for priority students (élèves prioritaires): state scholarship holders (boursiers)
/// first, then territorial origin (a priority urban district or a rural area), then distance from the business
/// world; name and id only to keep the order stable.
/// </summary>
public static class PriorityOrder
{
    public static IReadOnlyList<RosterPerson> Sort(IEnumerable<RosterPerson> students) =>
        [.. students
            .OrderByDescending(s => s.Scholarship == true)
            .ThenByDescending(s => IsPriorityOrigin(s.Origin))
            .ThenByDescending(s => s.FarFromBusiness == true)
            .ThenBy(s => s.LastName, StringComparer.Ordinal)
            .ThenBy(s => s.FirstName, StringComparer.Ordinal)
            .ThenBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>QPV or rural: the territories the agreements name.</summary>
    public static bool IsPriorityOrigin(string? origin) => origin is "qpv" or "rural";

    /// <summary>Why this student ranks where they do, as codes the page words.</summary>
    public static IReadOnlyList<string> Criteria(RosterPerson s) =>
        [.. new[] { s.Scholarship == true ? "scholarship" : null, IsPriorityOrigin(s.Origin) ? "origin:" + s.Origin : null, s.FarFromBusiness == true ? "farFromBusiness" : null }.OfType<string>()];
}

/// <summary>The share of girls among the accompanied students of scientific and technological streams.</summary>
public sealed record GirlsShare(string SchoolUai, string? ClassName, int Girls, int Total)
{
    /// <summary>Null when no student of these streams is accompanied.</summary>
    public double? Share => Total == 0 ? null : (double)Girls / Total;
}

public static class GirlsInStem
{
    /// <summary>Scientific and technological streams: STI2D, STL, CPGE and BTS (the agreements' BTS classes are industrial).</summary>
    public static readonly string[] Streams = ["STI2D", "STL", "CPGE", "BTS"];

    public static bool IsStem(string? stream) => stream is not null && Streams.Contains(stream, StringComparer.OrdinalIgnoreCase);

    /// <summary>Per school (class null) and per class, among the students <paramref name="accompanied"/> says are accompanied.</summary>
    public static IReadOnlyList<GirlsShare> Compute(IEnumerable<RosterPerson> students, Func<RosterPerson, bool> accompanied)
    {
        var counted = students.Where(s => s.Kind == RosterKinds.Student && s.SchoolUai is not null && IsStem(s.Stream) && accompanied(s)).ToList();
        var perSchool = counted.GroupBy(s => s.SchoolUai!, StringComparer.Ordinal)
            .Select(g => new GirlsShare(g.Key, null, g.Count(s => s.Gender == "F"), g.Count()));
        var perClass = counted.GroupBy(s => (s.SchoolUai!, s.ClassName ?? ""))
            .Select(g => new GirlsShare(g.Key.Item1, g.Key.Item2, g.Count(s => s.Gender == "F"), g.Count()));
        return [.. perSchool.Concat(perClass).OrderBy(s => s.SchoolUai, StringComparer.Ordinal).ThenBy(s => s.ClassName ?? "", StringComparer.Ordinal)];
    }
}
