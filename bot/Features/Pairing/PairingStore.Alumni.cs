using Azure.Data.Tables;

namespace TutorBot.Features.Pairing;

/// <summary>One alumnus's row, and the coordinators' invitations to alumni (partition <c>invitations</c>).</summary>
public sealed partial class PairingStore
{
    public const string InvitationPartition = "invitations";

    public async Task<Alumnus?> AlumnusAsync(string studentId, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(AlumniPartition, studentId, cancellationToken: cancellationToken);
        return e.HasValue ? new Alumnus(studentId, e.Value!.GetString("SchoolUai") ?? "", true, e.Value.GetDateTimeOffset("ChangedUtc") ?? default, e.Value.GetString("RecordedBy") ?? "") : null;
    }

    public Task SaveInvitationAsync(AlumniInvitation invitation, CancellationToken cancellationToken = default) =>
        Table.AddEntityAsync(
            new TableEntity(InvitationPartition, invitation.Id)
            {
                ["Title"] = invitation.Title,
                ["Message"] = invitation.Message,
                ["CreatedBy"] = invitation.CreatedBy,
                ["CreatedUtc"] = invitation.CreatedUtc,
            },
            cancellationToken);

    public async Task<AlumniInvitation?> InvitationAsync(string id, CancellationToken cancellationToken = default)
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(InvitationPartition, id, cancellationToken: cancellationToken);
        return e.HasValue
            ? new AlumniInvitation(id, e.Value!.GetString("Title") ?? "", e.Value.GetString("Message") ?? "", e.Value.GetString("CreatedBy") ?? "", e.Value.GetDateTimeOffset("CreatedUtc") ?? default)
            : null;
    }
}
