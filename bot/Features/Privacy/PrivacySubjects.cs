using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Privacy;

namespace TutorBot.Features.Privacy;

/// <summary>
/// Finds one person in every store from what the coordinator page names: a Programme person id
/// (<c>student-lucas</c>) or a roster reference (<c>s-0139901Z/1a2b…</c>, as <c>/api/roster</c> gives it). The two
/// are joined by the stored Entra identity (the roster's link row, the Programme's object id) or the mailbox.
/// </summary>
public sealed class PrivacySubjects(ProgrammeStore programme, RosterStore roster, PrivacyStore records)
{
    public async Task<(PrivacySubject Subject, string Hash)?> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        Person? person = null;
        RosterPerson? rosterPerson = null;
        string? rosterPartition = null;
        (string TenantId, string ObjectId)? link = null;

        if (RosterPartition(reference) is { } target)
        {
            if (await roster.GetAsync(target.Partition, target.Id, cancellationToken) is { } found)
            {
                (rosterPerson, rosterPartition) = (found.Person, target.Partition);
                if ((await roster.LinksAsync(target.Partition, cancellationToken)).TryGetValue(target.Id, out var l))
                {
                    link = l;
                    person = await programme.FindByAadObjectIdAsync(l.TenantId, l.ObjectId, cancellationToken);
                }
            }
        }
        else if (reference.Length is > 0 and <= 200 && await programme.GetAsync(reference, cancellationToken) is { } p)
        {
            person = p;
            var found = p.TenantId is { Length: > 0 } && p.AadObjectId is { Length: > 0 }
                ? await roster.FindByIdentityAsync(p.TenantId, p.AadObjectId, cancellationToken)
                : null;
            if (found is null && p.Mailbox is { Length: > 0 } mailbox)
            {
                found = (await roster.FindByLoginAsync(mailbox, cancellationToken))?.Person;
            }

            if (found is not null)
            {
                (rosterPerson, rosterPartition) = (found, RosterKeys.PartitionOf(found));
            }
        }

        if (person is null && rosterPerson is null)
        {
            return null;
        }

        var hash = await records.HashAsync(person?.Id ?? $"{rosterPartition}/{rosterPerson!.Id}", cancellationToken);
        var subject = new PrivacySubject(
            "anon-" + hash[..16],
            person?.Id,
            person?.Role ?? rosterPerson?.Kind,
            person?.TenantId ?? link?.TenantId,
            person?.AadObjectId ?? link?.ObjectId,
            person?.TeamsUserId,
            person?.Mailbox ?? rosterPerson?.Login,
            rosterPartition,
            rosterPerson?.Id,
            rosterPerson?.Login,
            rosterPerson?.FirstName,
            rosterPerson?.LastName,
            person?.DisplayName);
        return (subject, hash);
    }

    /// <summary><c>s-UAI/id</c> or <c>o-org/id</c> → the roster partition and row.</summary>
    private static (string Partition, string Id)? RosterPartition(string reference)
    {
        var slash = reference.IndexOf('/');
        if (slash < 3 || slash == reference.Length - 1 || reference[1] != '-' || reference[0] is not ('s' or 'o'))
        {
            return null;
        }

        return (reference[0] + "|" + reference[2..slash], reference[(slash + 1)..]);
    }
}
