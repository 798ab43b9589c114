using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TutorBot.Delivery;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>The outbox kinds of the tutoring feature, each run by its handler.</summary>
public static class TutoringKinds
{
    /// <summary>A reminder, the tutor's log form or the student's rating card, when due.</summary>
    public const string Reminder = "tutoring.reminder";

    /// <summary>A card telling one side what the other did (or what the calendar did).</summary>
    public const string Tell = "tutoring.tell";

    /// <summary>An earlier card of the session edited to its current view.</summary>
    public const string Edit = "tutoring.edit";

    /// <summary>The session booked in, or an old event cancelled from, the tutor's calendar.</summary>
    public const string Calendar = "tutoring.calendar";

    /// <summary>The proposal's invitation to the student (the first, then each resend).</summary>
    public const string Invite = "tutoring.invite";
}

/// <summary>What a tutoring row carries: ids, a generation, a resource key; never names or typed text.</summary>
public sealed record SessionRowData(
    [property: JsonPropertyName("s")] string StudentId,
    [property: JsonPropertyName("id")] string SessionId,
    [property: JsonPropertyName("g")] int Generation,
    [property: JsonPropertyName("role")] string? Role = null,
    [property: JsonPropertyName("what")] string? What = null,
    [property: JsonPropertyName("start")] DateTimeOffset? Start = null,
    [property: JsonPropertyName("card")] string? Card = null,
    [property: JsonPropertyName("main")] bool Main = false,
    [property: JsonPropertyName("event")] string? Event = null,
    [property: JsonPropertyName("bot")] string? BotId = null)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static SessionRowData Of(OutboxRow row) => JsonSerializer.Deserialize<SessionRowData>(row.Payload ?? "{}") ?? throw new InvalidOperationException("empty payload");
}

/// <summary>
/// The outbox rows of a session, keyed by what they are (<c>session/{id}/{what}/…</c>). Rows of one change due the
/// same minute share a partition (grouped by session) and are planned in one transaction before the session is written.
/// </summary>
public static class SessionRows
{
    public const string BookOperation = "book";
    public const string UnbookOperation = "unbook";

    /// <summary>The reminder rows of a time just agreed (<see cref="ReminderPlan.For"/>).</summary>
    public static IEnumerable<OutboxRow> Reminders(TutoringSession session, Person tutor, DateTimeOffset now) =>
        ReminderPlan.For(session, now).Select(r => Reminder(session, tutor.TenantId, r.Kind, r.Role, r.DueUtc));

    public static OutboxRow Reminder(TutoringSession session, string? tenantId, string kind, string role, DateTimeOffset due) => OutboxRow.Create(
        TutoringKinds.Reminder,
        $"session/{session.Id}/{kind}/{role}",
        due,
        tenantId,
        role == SessionRoles.Tutor ? session.TutorId : session.StudentId,
        new SessionRowData(session.StudentId, session.Id, session.Generation, role, kind, session.StartUtc).ToJson(),
        ConversationOf(session, role));

    /// <summary>Tells <paramref name="role"/> what changed (<paramref name="noticeKey"/>); <paramref name="inMainCard"/>: in their main card when it can still be edited.</summary>
    public static OutboxRow Tell(TutoringSession session, string? tenantId, string role, string noticeKey, DateTimeOffset now, bool inMainCard = false) => OutboxRow.Create(
        TutoringKinds.Tell,
        $"session/{session.Id}/tell/{role}/{G(session)}/{noticeKey}",
        now,
        tenantId,
        role == SessionRoles.Tutor ? session.TutorId : session.StudentId,
        new SessionRowData(session.StudentId, session.Id, session.Generation, role, noticeKey, Main: inMainCard).ToJson(),
        ConversationOf(session, role),
        group: "session/" + session.Id);

    /// <summary>The invitation to the student, one row per send (the proposal's, then each resend: <see cref="TutoringSession.Invitations"/>).</summary>
    public static OutboxRow Invite(TutoringSession session, string? tenantId, string? botId, DateTimeOffset now) => OutboxRow.Create(
        TutoringKinds.Invite,
        $"session/{session.Id}/invite/{Invitation(session)}",
        now,
        tenantId,
        session.StudentId,
        new SessionRowData(session.StudentId, session.Id, session.Generation, SessionRoles.Student, Invitation(session), BotId: botId).ToJson(),
        session.StudentConversationId,
        group: "session/" + session.Id);

    /// <summary>The tutor's proposal card edited once the invitation ended <c>Never</c>: saved, with a resend button.</summary>
    public static OutboxRow Undelivered(TutoringSession session, string? tenantId, LiveCard card, DateTimeOffset now) => OutboxRow.Create(
        TutoringKinds.Edit,
        $"session/{session.Id}/edit/{card.ActivityId}/undelivered/{Invitation(session)}",
        now,
        tenantId,
        session.TutorId,
        new SessionRowData(session.StudentId, session.Id, session.Generation, card.Role, Card: card.ActivityId).ToJson(),
        card.ConversationId,
        group: "session/" + session.Id);

    public static string Invitation(TutoringSession session) => session.Invitations.ToString(CultureInfo.InvariantCulture);

    /// <summary>An edit of each earlier card of the session but <paramref name="except"/> to its current view.</summary>
    public static IEnumerable<OutboxRow> Edits(TutoringSession session, string? tenantId, DateTimeOffset now, params string?[] except) =>
        session.Cards().Where(c => !except.Contains(c.ActivityId)).DistinctBy(c => c.ActivityId).Select(card => OutboxRow.Create(
            TutoringKinds.Edit,
            $"session/{session.Id}/edit/{card.ActivityId}",
            now,
            tenantId,
            card.Role == SessionRoles.Tutor ? session.TutorId : session.StudentId,
            new SessionRowData(session.StudentId, session.Id, session.Generation, card.Role, Card: card.ActivityId).ToJson(),
            card.ConversationId,
            group: "session/" + session.Id));

    /// <summary>The booking of the agreed time (one per generation: Graph's transaction id makes a retry no second event).</summary>
    public static OutboxRow Book(TutoringSession session, string? tenantId, DateTimeOffset now) => OutboxRow.Create(
        TutoringKinds.Calendar,
        $"session/{session.Id}/{BookOperation}/{G(session)}",
        now,
        tenantId,
        session.TutorId,
        new SessionRowData(session.StudentId, session.Id, session.Generation, SessionRoles.Tutor, BookOperation).ToJson(),
        group: "session/" + session.Id);

    /// <summary>The cancellation of an event that left the session (<see cref="TutoringSession.ReleaseEvent"/>).</summary>
    public static OutboxRow Unbook(TutoringSession session, string? tenantId, string eventId, DateTimeOffset now) => OutboxRow.Create(
        TutoringKinds.Calendar,
        $"session/{session.Id}/{UnbookOperation}/{eventId}",
        now,
        tenantId,
        session.TutorId,
        new SessionRowData(session.StudentId, session.Id, session.Generation, SessionRoles.Tutor, UnbookOperation, Event: eventId).ToJson(),
        group: "session/" + session.Id);

    private static string G(TutoringSession session) => session.Generation.ToString(CultureInfo.InvariantCulture);

    private static string? ConversationOf(TutoringSession session, string role) =>
        role == SessionRoles.Tutor ? session.TutorConversationId : session.StudentConversationId;
}
