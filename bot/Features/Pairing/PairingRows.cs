using System.Text.Json;
using TutorBot.Delivery;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Pairing;

/// <summary>The outbox kinds of pairing: everything sent to someone other than the clicker, and the projections kept in step.</summary>
public static class PairingRowKinds
{
    /// <summary>Keeps the directory count, the student's claim, the Programme person's TutorId and the roster's tutor in step with the pair.</summary>
    public const string Sync = "pairing.sync";

    /// <summary>The introduction card to the tutor or to the student of a new pair, in their language.</summary>
    public const string Introduction = "pairing.introduction";

    /// <summary>Someone asked to end a pair: expands into one <see cref="EndDecision"/> per coordinator.</summary>
    public const string EndRequested = "pairing.endRequested";

    public const string EndDecision = "pairing.endDecision";

    /// <summary>Tells the tutor or the student that the pair ended, or that the request was declined.</summary>
    public const string Ended = "pairing.ended";

    public const string Declined = "pairing.declined";

    /// <summary>The yearly follow-up card to the tutor of an active pair.</summary>
    public const string FollowUp = "pairing.followUp";
}

public static class PairingRoles
{
    public const string Tutor = "tutor";
    public const string Student = "student";
}

/// <summary>Ids only: the pair (its tutor's partition and id) and, for a card, the role it goes to.</summary>
public sealed record PairingRowPayload(string TutorId, string PairId, string? Role = null, int? Year = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ProtocolJson.Options);

    public static PairingRowPayload Of(OutboxRow row) =>
        JsonSerializer.Deserialize<PairingRowPayload>(row.Payload ?? "{}", ProtocolJson.Options) ?? throw new JsonException("no payload");
}

/// <summary>
/// Rows keyed by what they are (<c>pair/{tutor}/{pair}/intro/student</c>): planning one again is an upsert. They are
/// planned before the change they serve and due a little after, so the change has committed when they run; a row
/// whose change lost its race finds no such pair and is dropped.
/// </summary>
public static class PairingRows
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    /// <summary>How long a row waits for the change it was planned before.</summary>
    public static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(30);

    public static IEnumerable<OutboxRow> Paired(Pair pair, string? tenantId, DateTimeOffset now) =>
    [
        Sync(pair, now),
        Row(PairingRowKinds.Introduction, pair, "intro/tutor", now + Delay, tenantId, pair.TutorId, PairingRoles.Tutor),
        Row(PairingRowKinds.Introduction, pair, "intro/student", now + Delay, tenantId, pair.StudentId, PairingRoles.Student),
        FollowUp(pair, FollowUpYear(now), PairingFollowUps.NextAsk(now)),
    ];

    private static int FollowUpYear(DateTimeOffset now) => Pairing.FollowUp.SchoolYear(Conversation.Culture.ToParis(PairingFollowUps.NextAsk(now)));

    public static OutboxRow Sync(Pair pair, DateTimeOffset now) =>
        Row(PairingRowKinds.Sync, pair, "sync/" + now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), now + Delay, null, pair.StudentId, null);

    public static OutboxRow EndRequested(Pair pair, string? tenantId, DateTimeOffset now) =>
        Row(PairingRowKinds.EndRequested, pair, "endRequested", now + Delay, tenantId, null, null);

    public static OutboxRow EndDecision(Pair pair, string? tenantId, string coordinatorId, DateTimeOffset due) =>
        Row(PairingRowKinds.EndDecision, pair, "endDecision/" + coordinatorId, due, tenantId, coordinatorId, null);

    /// <summary>Both sides are told the outcome of an end request (or of a coordinator's end on the page).</summary>
    public static IEnumerable<OutboxRow> Ended(Pair pair, string kind, string? tenantId, DateTimeOffset now) =>
    [
        Sync(pair, now),
        Row(kind, pair, kind[(kind.IndexOf('.') + 1)..] + "/tutor", now + Delay, tenantId, pair.TutorId, PairingRoles.Tutor),
        Row(kind, pair, kind[(kind.IndexOf('.') + 1)..] + "/student", now + Delay, tenantId, pair.StudentId, PairingRoles.Student),
    ];

    public static OutboxRow FollowUp(Pair pair, int year, DateTimeOffset due) =>
        OutboxRow.Create(
            PairingRowKinds.FollowUp,
            $"pair/{pair.TutorId}/{pair.Id}/followUp/{year}",
            due,
            null,
            pair.TutorId,
            new PairingRowPayload(pair.TutorId, pair.Id, PairingRoles.Tutor, year).ToJson());

    private static OutboxRow Row(string kind, Pair pair, string what, DateTimeOffset due, string? tenantId, string? recipientId, string? role) =>
        OutboxRow.Create(kind, $"pair/{pair.TutorId}/{pair.Id}/{what}", due, tenantId, recipientId, new PairingRowPayload(pair.TutorId, pair.Id, role).ToJson());
}
