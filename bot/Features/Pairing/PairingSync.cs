using Azure;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>
/// Keeps what others read in step with the pairs, from the pairs themselves (so repeating it is harmless): the
/// directory's count of the tutor's students, the student's claim once the pair ended, the bot-facing
/// Programme person's <c>TutorId</c> (what tutoring uses to know a tutor's students) and the roster's tutor of the
/// student (the coordinator page's people view). Runs after each change and again from its outbox row.
/// </summary>
public sealed class PairingSync(PairingStore store, PairingDirectory directory, ProgrammeStore programme, RosterStore roster)
{
    /// <summary>False when the pair is not (yet) written.</summary>
    public async Task<bool> SyncAsync(string tutorId, string pairId, CancellationToken cancellationToken = default)
    {
        if (await store.GetPairAsync(tutorId, pairId, cancellationToken) is not { Pair: var pair })
        {
            return false;
        }

        if (!pair.IsActive)
        {
            await store.ReleaseClaimAsync(pair, cancellationToken);
        }

        var tutor = await directory.RefreshAsync(tutorId, cancellationToken);
        var (claim, _) = await store.StudentAsync(pair.SchoolUai, pair.StudentId, cancellationToken);
        var activeTutorId = claim?.TutorId;

        if (await programme.GetAsync(pair.StudentId, cancellationToken) is { } person && person.TutorId != activeTutorId)
        {
            await programme.UpsertAsync(person with { TutorId = activeTutorId }, cancellationToken);
        }

        string? tutorLogin = null;
        if (activeTutorId is not null)
        {
            var activeTutor = activeTutorId == tutorId ? tutor : await store.TutorAsync(activeTutorId, cancellationToken);
            tutorLogin = activeTutor is null ? null : (await roster.GetAsync(activeTutor.RosterPartition, activeTutorId, cancellationToken))?.Person.Login;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await roster.GetAsync(RosterKeys.SchoolPartition(pair.SchoolUai), pair.StudentId, cancellationToken) is not { } student
                || student.Person.TutorLogin == (tutorLogin is null ? null : RosterKeys.NormaliseLogin(tutorLogin)))
            {
                break;
            }

            try
            {
                await roster.UpdateAsync(student.Person, student.Person with { TutorLogin = tutorLogin is null ? null : RosterKeys.NormaliseLogin(tutorLogin) }, student.ETag, cancellationToken);
                break;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Edited meanwhile on the page: read it again.
            }
        }

        return true;
    }
}

/// <summary>
/// The <c>tutors</c> directory: one row per roster tutor with what scoring needs. The roster's facts (name, company,
/// trained, capacity) are copied on refresh; the pairing profile (fields, city, academy) is the coordinator's; the
/// count comes from the tutor's counter.
/// </summary>
public sealed class PairingDirectory(PairingStore store, RosterStore roster, RosterPlaces places)
{
    /// <summary>Copies every tutor of every company from the roster (a company's tutors are one partition query).</summary>
    public async Task<int> RefreshAllAsync(CancellationToken cancellationToken = default)
    {
        var existing = (await store.TutorsAsync(cancellationToken)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var count = 0;
        foreach (var organisation in (await places.OrganisationsAsync(cancellationToken)).Values.Where(o => o.Kind == OrganisationKinds.Company))
        {
            foreach (var person in await roster.ListAsync(RosterKeys.OrganisationPartition(organisation.Id), RosterKinds.Tutor, cancellationToken))
            {
                existing.TryGetValue(person.Id, out var before);
                var after = From(person, before, before?.Active ?? await store.ActiveCountAsync(person.Id, cancellationToken));
                if (after != before)
                {
                    await store.UpsertTutorAsync(after, cancellationToken);
                }

                count++;
            }
        }

        return count;
    }

    /// <summary>One tutor's row from the roster and their counter; null when they are not a roster tutor.</summary>
    public async Task<PairingTutor?> RefreshAsync(string tutorId, CancellationToken cancellationToken = default)
    {
        var before = await store.TutorAsync(tutorId, cancellationToken);
        if (before is null)
        {
            return null;
        }

        var person = (await roster.GetAsync(before.RosterPartition, tutorId, cancellationToken))?.Person;
        var after = person is null ? before : From(person, before, await store.ActiveCountAsync(tutorId, cancellationToken));
        if (after != before)
        {
            await store.UpsertTutorAsync(after, cancellationToken);
        }

        return after;
    }

    public static PairingTutor From(RosterPerson person, PairingTutor? before, int active) => new(
        person.Id,
        RosterKeys.PartitionOf(person),
        person.DisplayName,
        person.OrganisationId ?? "",
        person.Trained == true && person.Active,
        person.Active ? person.Capacity ?? 1 : 0,
        active,
        before?.Fields ?? [],
        before?.City,
        before?.Academy);
}
