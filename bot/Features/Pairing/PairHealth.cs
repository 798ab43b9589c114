using TutorBot.Features.Tutoring;

namespace TutorBot.Features.Pairing;

/// <summary>The coordinator overview's rules about a pair's sessions, without HTTP.</summary>
public static class PairHealth
{
    public static readonly TimeSpan Quiet = TimeSpan.FromDays(42);

    /// <summary>
    /// True when a pair older than six weeks had no session of its tutor with its student in the last six weeks
    /// (a confirmed session that started then and was not logged as cancelled).
    /// </summary>
    public static bool NoSessionForSixWeeks(Pair pair, IEnumerable<TutoringSession> sessions, DateTimeOffset now) =>
        now - pair.StartedUtc >= Quiet
        && !sessions.Any(s => s.TutorId == pair.TutorId && s.Status == SessionStatus.Confirmed && s.Outcome != Outcomes.Cancelled
            && s.StartUtc <= now && s.StartUtc >= now - Quiet);

    /// <summary>
    /// True when the student answered neither of the last two sessions' reminders: the two latest confirmed sessions
    /// of this pair that have started (their reminders went out) both lack the student's confirm / can't-come answer.
    /// </summary>
    public static bool MissedLastTwoReminders(Pair pair, IEnumerable<TutoringSession> sessions, DateTimeOffset now)
    {
        var lastTwo = sessions
            .Where(s => s.TutorId == pair.TutorId && s.Status == SessionStatus.Confirmed && s.StartUtc <= now && s.StartUtc >= pair.StartedUtc)
            .OrderByDescending(s => s.StartUtc)
            .Take(2)
            .ToList();
        return lastTwo.Count == 2 && lastTwo.All(s => s.StudentAttendance is null);
    }

    /// <summary>
    /// A tutor without a session for six weeks: at least one of their active pairs is six weeks old, and none of their
    /// active pairs had a session in the last six weeks (as <see cref="NoSessionForSixWeeks"/> counts them). Also the
    /// start of their last session that happened, for the overview to show.
    /// </summary>
    public static (bool Quiet, DateTimeOffset? LastSessionUtc) TutorWithoutSession(IEnumerable<(Pair Pair, IEnumerable<TutoringSession> Sessions)> pairs, DateTimeOffset now)
    {
        var active = pairs.Where(p => p.Pair.IsActive).ToList();
        var held = active.SelectMany(p => p.Sessions.Where(s => s.TutorId == p.Pair.TutorId && s.Status == SessionStatus.Confirmed && s.Outcome != Outcomes.Cancelled && s.StartUtc <= now)).ToList();
        DateTimeOffset? last = held.Count == 0 ? null : held.Max(s => s.StartUtc);
        var quiet = active.Any(p => now - p.Pair.StartedUtc >= Quiet) && !(last >= now - Quiet);
        return (quiet, last);
    }
}
