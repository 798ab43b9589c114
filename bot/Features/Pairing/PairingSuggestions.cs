using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>
/// Suggestions for one student: the tutors' directory (one partition query), the student's school and earlier
/// pairs (one point read and one range of the school's partition), then the scoring in memory.
/// </summary>
public sealed class PairingSuggestions(PairingStore store, RosterPlaces places)
{
    public async Task<(IReadOnlyList<Suggestion> Ranked, IReadOnlyDictionary<string, PairingTutor> Tutors)> RankAsync(RosterPerson student, int max, CancellationToken cancellationToken = default)
    {
        var tutorsTask = store.TutorsAsync(cancellationToken);
        var needTask = NeedAsync(student, cancellationToken);
        var tutors = await tutorsTask;
        var ranked = TutorScoring.Rank(await needTask, tutors, max);
        return (ranked, tutors.ToDictionary(t => t.Id, StringComparer.Ordinal));
    }

    public async Task<StudentNeed> NeedAsync(RosterPerson student, CancellationToken cancellationToken = default)
    {
        var schoolTask = places.SchoolsAsync(cancellationToken);
        var (_, history) = await store.StudentAsync(student.SchoolUai ?? "", student.Id, cancellationToken);
        return Need(student, (await schoolTask).GetValueOrDefault(student.SchoolUai ?? ""), history.Select(h => h.TutorId));
    }

    public static StudentNeed Need(RosterPerson student, RosterSchool? school, IEnumerable<string> earlierTutors) =>
        new(student.Id, student.Stream, school?.City, school?.Academy, earlierTutors.ToHashSet(StringComparer.Ordinal));
}
