using TutorBot.Conversation;
using TutorBot.Delivery;

namespace TutorBot.Features.Tutoring;

/// <summary>What a reminder row sends (the third part of its key, <c>session/{id}/{kind}/{role}</c>).</summary>
public static class ReminderKinds
{
    public const string DayBefore = "dayBefore";
    public const string HourBefore = "hourBefore";

    /// <summary>The tutor's log form, when the session ends.</summary>
    public const string Log = "log";

    /// <summary>The student's rating card, once the tutor logged that the session happened.</summary>
    public const string Feedback = "rating";
}

/// <summary>
/// When reminders fall: the day before and one hour before, never to a student between 21:00 and 08:00 Paris time.
/// Each row's due time is fixed by what it is (the session's time less the delay, out of the quiet hours), never by
/// when it was planned: planning the same time again is the same row, in the same partition.
/// </summary>
public static class ReminderPlan
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromDays(1);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);

    /// <summary>A session confirmed this close to its start gets no reminder (the confirmation is the reminder).</summary>
    public static readonly TimeSpan TooClose = TimeSpan.FromMinutes(15);

    private static readonly TimeOnly QuietFrom = new(21, 0);
    private static readonly TimeOnly QuietUntil = new(8, 0);

    /// <summary>True between 21:00 and 08:00 in Paris.</summary>
    public static bool IsQuiet(DateTimeOffset utc)
    {
        var time = TimeOnly.FromDateTime(Culture.ToParis(utc).DateTime);
        return time >= QuietFrom || time < QuietUntil;
    }

    /// <summary>The first moment at or after <paramref name="utc"/> that is not in the quiet hours: 08:00 Paris when it is.</summary>
    public static DateTimeOffset OutOfQuietHours(DateTimeOffset utc)
    {
        if (!IsQuiet(utc))
        {
            return utc;
        }

        var paris = Culture.ToParis(utc);
        var day = DateOnly.FromDateTime(paris.DateTime);
        if (TimeOnly.FromDateTime(paris.DateTime) >= QuietFrom)
        {
            day = day.AddDays(1);
        }

        return Culture.FromParis(day, QuietUntil)!.Value;
    }

    /// <summary>
    /// The reminders and the log row of a time just agreed, as of <paramref name="now"/>: a day-before reminder
    /// only when that day is still ahead, none when the session starts within <see cref="TooClose"/>. An
    /// hour-before reminder whose hour has begun is due at once (its fixed due time is past).
    /// </summary>
    public static IEnumerable<(string Kind, string Role, DateTimeOffset DueUtc)> For(TutoringSession session, DateTimeOffset now)
    {
        if (session.StartUtc - now > TooClose)
        {
            foreach (var (kind, before) in new[] { (ReminderKinds.DayBefore, DayBefore), (ReminderKinds.HourBefore, HourBefore) })
            {
                var due = session.StartUtc - before;
                if (due <= now && kind == ReminderKinds.DayBefore)
                {
                    continue;
                }

                yield return (kind, SessionRoles.Tutor, due);
                var studentDue = OutOfQuietHours(due);
                if (studentDue < session.StartUtc)
                {
                    yield return (kind, SessionRoles.Student, studentDue);
                }
            }
        }

        yield return (ReminderKinds.Log, SessionRoles.Tutor, session.EndUtc);
    }

    /// <summary>The student's rating card, due when the log was saved (out of the quiet hours).</summary>
    public static DateTimeOffset FeedbackDue(TutoringSession session) => OutOfQuietHours(session.LoggedUtc ?? session.EndUtc);
}
