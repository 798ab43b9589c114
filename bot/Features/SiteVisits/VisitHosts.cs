using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

/// <summary>A visit's host (whose calendar holds it) and the colleagues of the same company who could host it instead.</summary>
public sealed record VisitHostChoice(Person? Host, IReadOnlyList<Person> Colleagues);

/// <summary>
/// Who hosts a visit: a stored person of the offering partner organisation, the one who offered it unless a
/// coordinator chose a colleague. The calendar is always that person's stored mailbox, never a typed address.
/// </summary>
public sealed class VisitHosts(ProgrammeStore programme)
{
    public async Task<VisitHostChoice> LoadAsync(Workshop visit, CancellationToken cancellationToken = default)
    {
        var colleagues = visit.OrganisationId is { } org ? await programme.MembersOfAsync(org, cancellationToken) : [];
        var host = visit.HostId is { } id ? await programme.GetAsync(id, cancellationToken) : null;
        return new VisitHostChoice(host?.OrganisationId == visit.OrganisationId ? host : null, colleagues);
    }
}
