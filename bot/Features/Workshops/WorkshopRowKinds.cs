using System.Text.Json;
using TutorBot.Delivery;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Workshops;

/// <summary>The outbox kinds of workshops (visits share the invitation and promotion kinds).</summary>
public static class WorkshopRowKinds
{
    /// <summary>Expands a published workshop or matched visit into one <see cref="Invite"/> per invited student.</summary>
    public const string Announce = "workshop.announce";
    public const string Invite = "workshop.invite";

    /// <summary>Tells a student they got a place from the waiting list.</summary>
    public const string Promoted = "workshop.promoted";

    /// <summary>Someone offered to speak: expands into one <see cref="SpeakerRequest"/> per coordinator.</summary>
    public const string SpeakerOffered = "workshop.speakerOffered";
    public const string SpeakerRequest = "workshop.speakerRequest";

    /// <summary>Tells the speaker a coordinator approved or declined their offer.</summary>
    public const string SpeakerDecided = "workshop.speakerDecided";
}

/// <summary>What a workshop row carries: ids only.</summary>
/// <param name="SubjectId">The person the card is about (the speaker who offered).</param>
/// <param name="Seq">The arrival number of the registration a promotion notice is about.</param>
public sealed record WorkshopRowPayload(string WorkshopId, string? SubjectId = null, long? Seq = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ProtocolJson.Options);

    public static WorkshopRowPayload Of(OutboxRow row) =>
        JsonSerializer.Deserialize<WorkshopRowPayload>(row.Payload ?? "{}", ProtocolJson.Options) ?? throw new JsonException("no payload");
}

/// <summary>
/// The rows of workshops, keyed by what they are (<c>workshop/{id}/invite/{person}</c>), so planning one again is
/// an upsert, and a card already sent (<see cref="SentCard"/>) is not sent again by a later run.
/// </summary>
public static class WorkshopRows
{
    public static string Prefix(string workshopId) => "workshop/" + workshopId + "/";

    /// <summary>Due when the workshop was opened to students: an announcement planned again is the same row.</summary>
    public static OutboxRow Announce(Workshop w) =>
        Row(WorkshopRowKinds.Announce, w, "announce", w.PublishedUtc ?? w.CreatedUtc, null);

    /// <summary>All of one announcement's invitations share a partition per minute, planned 100 to a transaction.</summary>
    public static OutboxRow Invite(Workshop w, string personId, DateTimeOffset due) =>
        Row(WorkshopRowKinds.Invite, w, "invite/" + personId, due, personId, group: Prefix(w.Id) + "invite");

    public static OutboxRow Promoted(Workshop w, Registration promoted, DateTimeOffset due) =>
        Row(WorkshopRowKinds.Promoted, w, $"promoted/{promoted.PersonId}/{promoted.Seq}", due, promoted.PersonId, seq: promoted.Seq);

    public static OutboxRow SpeakerOffered(Workshop w, string speakerId, DateTimeOffset due) =>
        Row(WorkshopRowKinds.SpeakerOffered, w, "speakerOffered/" + speakerId, due, null, speakerId);

    public static OutboxRow SpeakerRequest(Workshop w, string speakerId, string coordinatorId, DateTimeOffset due) =>
        Row(WorkshopRowKinds.SpeakerRequest, w, $"speakerRequest/{speakerId}/{coordinatorId}", due, coordinatorId, speakerId, group: Prefix(w.Id) + "speakerRequest");

    public static OutboxRow SpeakerDecided(Workshop w, string speakerId, DateTimeOffset due) =>
        Row(WorkshopRowKinds.SpeakerDecided, w, "speakerDecided/" + speakerId, due, speakerId);

    /// <summary>What the row is within its workshop ("invite/student-tom"): the <see cref="SentCard"/> it sends once.</summary>
    public static string What(OutboxRow row, string workshopId) =>
        row.Key.StartsWith(Prefix(workshopId), StringComparison.Ordinal) ? row.Key[Prefix(workshopId).Length..] : row.Key;

    /// <summary>A row about <paramref name="w"/> for a feature that shares the workshop store (site visits).</summary>
    public static OutboxRow Row(string kind, Workshop w, string what, DateTimeOffset due, string? recipientId, string? subjectId = null, long? seq = null, string? group = null) =>
        OutboxRow.Create(kind, Prefix(w.Id) + what, due, w.TenantId, recipientId, new WorkshopRowPayload(w.Id, subjectId, seq).ToJson(), group: group);
}
