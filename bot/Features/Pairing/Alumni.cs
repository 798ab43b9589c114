using System.Text.Json;
using TutorBot.Delivery;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Pairing;

/// <summary>
/// A coordinator's invitation to alumni (for example to speak at a workshop): its words are stored once, and each
/// alumnus's card is an outbox row naming it, so no text travels in the outbox.
/// </summary>
public sealed record AlumniInvitation(string Id, string Title, string Message, string CreatedBy, DateTimeOffset CreatedUtc)
{
    public const int TitleMax = 120;
    public const int MessageMax = 1000;

    /// <summary>What is wrong with it, as field names; empty when it may be sent.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > TitleMax)
        {
            problems.Add("title");
        }

        if (string.IsNullOrWhiteSpace(Message) || Message.Length > MessageMax)
        {
            problems.Add("message");
        }

        return problems;
    }
}

/// <summary>The alumni community's outbox kinds.</summary>
public static class AlumniRowKinds
{
    /// <summary>The card offering a graduate to join the alumni community (planned when a graduation is recorded).</summary>
    public const string Offer = "pairing.alumniOffer";

    /// <summary>A coordinator's invitation to one alumnus.</summary>
    public const string Invite = "pairing.alumniInvite";
}

/// <summary>Ids only: the student, their school, and the invitation when there is one.</summary>
public sealed record AlumniRowPayload(string StudentId, string SchoolUai, string? InvitationId = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ProtocolJson.Options);

    public static AlumniRowPayload Of(OutboxRow row) =>
        JsonSerializer.Deserialize<AlumniRowPayload>(row.Payload ?? "{}", ProtocolJson.Options) ?? throw new JsonException("no payload");
}

public static class AlumniRows
{
    /// <summary>Keyed by the student: recording the graduation again while the offer waits plans nothing new.</summary>
    public static OutboxRow Offer(string uai, string studentId, string? tenantId, DateTimeOffset now) =>
        OutboxRow.Create(AlumniRowKinds.Offer, $"alumni/{studentId}/offer", now + PairingRows.Delay, tenantId, studentId, new AlumniRowPayload(studentId, uai).ToJson());

    public static OutboxRow Invite(Alumnus alumnus, string invitationId, string? tenantId, DateTimeOffset now) =>
        OutboxRow.Create(
            AlumniRowKinds.Invite,
            $"alumni/{alumnus.StudentId}/invite/{invitationId}",
            now + PairingRows.Delay,
            tenantId,
            alumnus.StudentId,
            new AlumniRowPayload(alumnus.StudentId, alumnus.SchoolUai, invitationId).ToJson());
}
