using System.Text.Json.Nodes;
using TutorBot.Privacy;

namespace TutorBot.Features.Programme;

/// <summary>The person the bot talks to (profile, Entra index row); students lose an erased tutor.</summary>
public sealed class ProgrammePersonalData(ProgrammeStore store) : IPersonalData
{
    public string Name => "programme";

    // Last: the profile is what leads a resumed job to the person's other rows.
    public int Order => 100;

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.PersonId is null || await store.GetAsync(subject.PersonId, cancellationToken) is not { } p)
        {
            return null;
        }

        return new JsonObject
        {
            ["id"] = p.Id,
            ["role"] = p.Role,
            ["displayName"] = p.DisplayName,
            ["tenantId"] = p.TenantId,
            ["aadObjectId"] = p.AadObjectId,
            ["teamsUserId"] = p.TeamsUserId,
            ["organisationId"] = p.OrganisationId,
            ["schoolId"] = p.SchoolId,
            ["classId"] = p.ClassId,
            ["tutorId"] = p.TutorId,
            ["mailbox"] = p.Mailbox,
        };
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.PersonId is not { } id)
        {
            return;
        }

        foreach (var student in await store.StudentsOfAsync(id, cancellationToken))
        {
            await store.UpsertAsync(student with { TutorId = null }, cancellationToken);
        }

        await store.DeleteAsync(id, subject.TenantId, subject.ObjectId, cancellationToken);
    }
}
