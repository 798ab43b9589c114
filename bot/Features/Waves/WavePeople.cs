using Azure.Data.Tables;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Features.Workshops;
using TutorBot.Storage;

namespace TutorBot.Features.Waves;

/// <summary>
/// Who a wave can reach, from storage: the roster's active people (everyone the programme knows, linked to Teams or
/// not) and the bot's people (those who reach it, a few not in any roster). Ids, roles and places only.
/// </summary>
public sealed class WavePeople(Tables tables, RosterPlaces places, WorkshopStore workshops, WaveStore waves)
{
    /// <summary>The audience's recipients, each once, in id order; null when a school, class, workshop or wave it names does not exist.</summary>
    public async Task<IReadOnlyList<WaveCandidate>?> ResolveAsync(WaveAudience audience, CancellationToken cancellationToken = default)
    {
        IReadOnlySet<string>? listed = null;
        switch (audience.Kind)
        {
            case AudienceKinds.School when !await SchoolExistsAsync(audience.SchoolId!, cancellationToken):
            case AudienceKinds.Class when await SchoolOfClassAsync(audience.ClassId!, cancellationToken) is null:
                return null;
            case AudienceKinds.Workshop:
                if (await workshops.GetAsync(audience.WorkshopId!, cancellationToken) is null)
                {
                    return null;
                }

                listed = (await workshops.RegistrationsAsync(audience.WorkshopId!, cancellationToken))
                    .Where(r => RegistrationStatus.IsActive(r.Status)).Select(r => r.PersonId).ToHashSet(StringComparer.Ordinal);
                break;
            case AudienceKinds.NonResponders:
                if (await waves.GetAsync(audience.WaveId!, cancellationToken) is null)
                {
                    return null;
                }

                // Those the earlier wave reached and who did not answer: their rows already say who and where.
                return [.. (await waves.RecipientsAsync(audience.WaveId!, cancellationToken))
                    .Where(r => r.State == RecipientStates.Sent && r.Answer is null)
                    .Select(r => new WaveCandidate(r.PersonId, r.Role, r.SchoolId, null))
                    .OrderBy(c => c.Id, StringComparer.Ordinal)];
        }

        return audience.Resolve(await CandidatesAsync(cancellationToken), listed);
    }

    /// <summary>The bot's people first (their places are what the bot uses), then the roster's active people.</summary>
    public async Task<IReadOnlyList<WaveCandidate>> CandidatesAsync(CancellationToken cancellationToken = default)
    {
        var candidates = new List<WaveCandidate>();
        var programme = TableClient.CreateQueryFilter($"PartitionKey eq {"people"} and RowKey ge {"id:"} and RowKey lt {"id;"}");
        await foreach (var e in tables[Tables.Programme].QueryAsync<TableEntity>(programme, maxPerPage: 1000, select: ["RowKey", "Role", "SchoolId", "ClassId"], cancellationToken: cancellationToken))
        {
            candidates.Add(new WaveCandidate(e.RowKey["id:".Length..], e.GetString("Role") ?? "", e.GetString("SchoolId"), e.GetString("ClassId")));
        }

        await foreach (var e in tables[RosterKeys.PeopleTable].QueryAsync<TableEntity>(maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Kind", "SchoolUai", "ClassName", "Active"], cancellationToken: cancellationToken))
        {
            if (e.GetBoolean("Active") == false || e.GetString("Kind") is not { } kind || !RosterKinds.People.Contains(kind))
            {
                continue;
            }

            var uai = e.GetString("SchoolUai");
            var className = e.GetString("ClassName");
            candidates.Add(new WaveCandidate(e.RowKey, ProgrammeProjection.RoleOf(kind), uai, uai is not null && className is { Length: > 0 } ? uai + "-" + RosterKeys.Slug(className) : null, e.PartitionKey));
        }

        return candidates;
    }

    public async Task<bool> SchoolExistsAsync(string schoolId, CancellationToken cancellationToken = default) =>
        (await tables[Tables.Programme].GetEntityIfExistsAsync<TableEntity>("school", schoolId, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue
        || (await places.SchoolsAsync(cancellationToken)).ContainsKey(schoolId);

    /// <summary>The school of a class (the bot's classes, then the roster's <c>{uai}-{slug}</c>); null when there is no such class.</summary>
    public async Task<string?> SchoolOfClassAsync(string classId, CancellationToken cancellationToken = default)
    {
        var row = await tables[Tables.Programme].GetEntityIfExistsAsync<TableEntity>("class", classId, select: ["SchoolId"], cancellationToken: cancellationToken);
        if (row.HasValue && row.Value?.GetString("SchoolId") is { } school)
        {
            return school;
        }

        foreach (var uai in (await places.SchoolsAsync(cancellationToken)).Keys.Where(u => classId.StartsWith(u + "-", StringComparison.Ordinal)))
        {
            if ((await places.ClassesAsync(uai, cancellationToken)).Any(c => uai + "-" + RosterKeys.Slug(c.Name) == classId))
            {
                return uai;
            }
        }

        return null;
    }
}
