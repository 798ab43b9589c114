using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Features.Roster;
using TutorBot.Features.Tutoring;

namespace TutorBot.Features.Pairing;

/// <summary>The programme-wide overview: tutors without a session for six weeks, pairs whose student answered neither of the last two reminders.</summary>
public static partial class PairingApi
{
    /// <summary>How many students' sessions are read at once for the overview.</summary>
    private const int SessionReads = 8;

    /// <summary>
    /// <c>GET /api/pairing/overview</c>: every active pair of the programme in one query, each paired student's
    /// sessions read once (a few at a time), judged by <see cref="PairHealth"/>. A coordinator sees the programme; a
    /// school referent only the pairs of their school (and a tutor only through them).
    /// </summary>
    private static async Task<Ok<ProgrammeOverviewView>> ProgrammeOverviewAsync(
        HttpContext http, RosterStore roster, RosterPlaces places, PairingStore store, SessionStore sessions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        var now = clock.GetUtcNow();
        var pairs = await store.ActivePairsAsync(caller.IsCoordinator ? null : caller.Person.SchoolUai ?? "", cancellationToken);
        var sessionsOf = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<TutoringSession>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            pairs.Select(p => p.StudentId).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = SessionReads, CancellationToken = cancellationToken },
            async (studentId, ct) => sessionsOf[studentId] = await sessions.OfStudentAsync(studentId, ct));

        var tutors = (await store.TutorsAsync(cancellationToken)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var schools = await places.SchoolsAsync(cancellationToken);
        var organisations = await places.OrganisationsAsync(cancellationToken);
        var students = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uai in pairs.Select(p => p.SchoolUai).Distinct(StringComparer.Ordinal))
        {
            foreach (var s in await roster.ListAsync(RosterKeys.SchoolPartition(uai), RosterKinds.Student, cancellationToken))
            {
                students[s.Id] = s.DisplayName;
            }
        }

        ProgrammePairView View(Pair p) => new(
            p.Id, p.TutorId, tutors.GetValueOrDefault(p.TutorId)?.Name ?? "", p.StudentId, students.GetValueOrDefault(p.StudentId) ?? "",
            p.SchoolUai, schools.GetValueOrDefault(p.SchoolUai)?.Name ?? p.SchoolUai, p.StartedUtc);

        var quiet = new List<QuietTutorView>();
        foreach (var group in pairs.GroupBy(p => p.TutorId, StringComparer.Ordinal))
        {
            var (isQuiet, last) = PairHealth.TutorWithoutSession(group.Select(p => (p, (IEnumerable<TutoringSession>)sessionsOf[p.StudentId])), now);
            if (isQuiet)
            {
                var tutor = tutors.GetValueOrDefault(group.Key);
                quiet.Add(new QuietTutorView(group.Key, tutor?.Name ?? "", tutor is null ? null : organisations.GetValueOrDefault(tutor.OrganisationId)?.Name, last, [.. group.OrderBy(p => p.StartedUtc).Select(View)]));
            }
        }

        var unanswered = pairs.Where(p => PairHealth.MissedLastTwoReminders(p, sessionsOf[p.StudentId], now)).OrderBy(p => p.SchoolUai, StringComparer.Ordinal).Select(View).ToList();
        return TypedResults.Ok(new ProgrammeOverviewView(
            [.. quiet.OrderBy(t => t.LastSessionUtc ?? DateTimeOffset.MinValue).ThenBy(t => t.TutorName, StringComparer.Ordinal)],
            unanswered));
    }
}
