using TutorBot.Features.Programme;

namespace TutorBot.Features.Roster;

/// <summary>
/// The bot's view of a roster person: the Programme <see cref="Person"/> that turns, cards and the outbox read
/// (found by tenant + Entra object id). It exists only for people linked to their Teams identity and active; it is
/// written when the link is made, rewritten when an import or an edit changes a linked person, and removed when the
/// person is deactivated (a deactivated person gets nothing from the bot). The roster row stays the source.
/// </summary>
public sealed class ProgrammeProjection(RosterStore roster, RosterPlaces places, ProgrammeStore programme)
{
    /// <summary>The bot's role for a roster kind: a school's referent is the programme's teacher.</summary>
    public static string RoleOf(string kind) => kind switch
    {
        RosterKinds.Student => Roles.Student,
        RosterKinds.Tutor => Roles.Tutor,
        RosterKinds.Coordinator => Roles.Coordinator,
        RosterKinds.Referent => Roles.Teacher,
        RosterKinds.Correspondent => Roles.Correspondent,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of person"),
    };

    /// <summary>A class as the programme's workshops name it: the school's UAI and the class's slug.</summary>
    public static string? ClassIdOf(RosterPerson p) =>
        p.SchoolUai is { } uai && p.ClassName is { Length: > 0 } name ? uai + "-" + RosterKeys.Slug(name) : null;

    /// <summary>
    /// The projection of <paramref name="p"/>. Students and referents get no mailbox (minors' mailboxes are not
    /// stored; calendars book in the tutor's); the others' login is the mailbox calendars book in.
    /// </summary>
    public static Person Project(RosterPerson p, IdentityLink link, string? tutorId) => new(
        p.Id,
        RoleOf(p.Kind),
        p.DisplayName,
        link.TenantId,
        link.ObjectId,
        link.TeamsUserId,
        p.OrganisationId,
        p.SchoolUai,
        ClassIdOf(p),
        p.Kind == RosterKinds.Student ? tutorId : null,
        p.Kind is RosterKinds.Student or RosterKinds.Referent ? null : p.Login);

    /// <summary>Links an active roster person to the Teams identity the bot heard from, and writes their projection.</summary>
    public async Task<Person> LinkAsync(RosterPerson p, IdentityLink link, CancellationToken cancellationToken)
    {
        await roster.LinkIdentityAsync(link.TenantId, link.ObjectId, link.TeamsUserId, p, cancellationToken);
        await WritePlacesAsync(p, cancellationToken);
        var person = Project(p, link, await TutorIdAsync(p, cancellationToken));
        await programme.UpsertAsync(person, cancellationToken);
        return person;
    }

    /// <summary>
    /// After an import window or an edit: the linked people among <paramref name="changed"/> get their projection
    /// rewritten (name, class, tutor), or removed when deactivated. One link query per partition touched.
    /// </summary>
    public async Task RefreshAsync(IEnumerable<RosterPerson> changed, CancellationToken cancellationToken)
    {
        foreach (var partition in changed.GroupBy(RosterKeys.PartitionOf))
        {
            var links = await roster.IdentityLinksAsync(partition.Key, cancellationToken);
            if (links.Count == 0)
            {
                continue;
            }

            foreach (var p in partition)
            {
                if (!links.TryGetValue(p.Id, out var link))
                {
                    continue;
                }

                if (!p.Active)
                {
                    await programme.DeleteAsync(p.Id, cancellationToken);
                    continue;
                }

                await WritePlacesAsync(p, cancellationToken);
                await programme.UpsertAsync(Project(p, link, await TutorIdAsync(p, cancellationToken)), cancellationToken);
            }
        }
    }

    private async Task<string?> TutorIdAsync(RosterPerson p, CancellationToken cancellationToken) =>
        p.Kind == RosterKinds.Student && p.TutorLogin is { Length: > 0 } login && await roster.FindByLoginAsync(login, cancellationToken) is { } tutor
            ? tutor.Person.Id
            : null;

    /// <summary>The person's organisation, school and class as the bot's features read them (workshop forms, visit offers).</summary>
    private async Task WritePlacesAsync(RosterPerson p, CancellationToken cancellationToken)
    {
        if (p.OrganisationId is { } orgId && (await places.OrganisationsAsync(cancellationToken)).GetValueOrDefault(orgId) is { } org)
        {
            await programme.UpsertAsync(new Organisation(org.Id, org.Name, org.Kind), cancellationToken);
        }

        if (p.SchoolUai is { } uai && (await places.SchoolsAsync(cancellationToken)).GetValueOrDefault(uai) is { } school)
        {
            await programme.UpsertAsync(new School(uai, school.Name, school.City, school.Academy), cancellationToken);
            if (ClassIdOf(p) is { } classId)
            {
                await programme.UpsertAsync(new SchoolClass(classId, uai, p.ClassName!, p.Stream ?? ""), cancellationToken);
            }
        }
    }
}
