using Azure.Data.Tables;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.Privacy;

/// <summary>
/// What the annual report needs of a school year once its rows are purged: counts only, never a person. One row per
/// year in <see cref="Table"/>; <c>Phase</c> says whether the year's rows are still being deleted.
/// </summary>
public static class AnnualAggregates
{
    public const string Table = "AnnualAggregates";
    public const string Partition = "year";
    public const string Reducing = "reducing";
    public const string Done = "done";

    /// <summary>Counts of one year's sessions and workshops (each workshop's rows as read from its partition).</summary>
    public static TableEntity Of(string year, IEnumerable<TableEntity> sessions, IEnumerable<(TableEntity Meta, IReadOnlyList<TableEntity> Rows)> workshops)
    {
        var e = new TableEntity(Partition, year) { ["Phase"] = Reducing };
        var list = sessions.ToList();
        e["Sessions"] = list.Count;
        e["Students"] = list.Select(s => s.PartitionKey).Distinct(StringComparer.Ordinal).Count();
        e["Pairs"] = list.Select(s => s.PartitionKey + "|" + s.GetString(nameof(TutoringSession.TutorId))).Distinct(StringComparer.Ordinal).Count();
        foreach (var group in list.GroupBy(s => s.GetString(nameof(TutoringSession.Outcome)) ?? "unlogged"))
        {
            e["Outcome_" + group.Key] = group.Count();
        }

        foreach (var group in list.GroupBy(s => s.GetString(nameof(TutoringSession.Place)) ?? "unknown"))
        {
            e["Place_" + group.Key] = group.Count();
        }

        foreach (var group in list.SelectMany(s => (s.GetString(nameof(TutoringSession.LoggedTopics)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).GroupBy(t => t))
        {
            e["Topic_" + group.Key] = group.Count();
        }

        var ratings = list.Select(s => s.GetInt32(nameof(TutoringSession.Rating))).OfType<int>().ToList();
        e["Ratings"] = ratings.Count;
        e["RatingSum"] = ratings.Sum();

        var w = workshops.ToList();
        e["Workshops"] = w.Count;
        e["Registrations"] = w.Sum(x => x.Meta.GetInt32(nameof(Workshop.Confirmed)) ?? 0);
        e["Speakers"] = w.Sum(x => x.Meta.GetInt32(nameof(Workshop.Speakers)) ?? 0);
        e["Present"] = w.Sum(x => x.Rows.Count(r => r.RowKey.StartsWith(Presence.Prefix, StringComparison.Ordinal) && r.GetBoolean(nameof(Presence.Present)) == true));
        return e;
    }
}
