using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Conversation;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Workshops;

/// <summary>A workshop or site visit as the coordinator page's pickers show it (the waves view's "registrants of a workshop").</summary>
public sealed record WorkshopSummary(string Id, string Kind, string Title, DateTimeOffset StartUtc, string Place, int Confirmed);

/// <summary>
/// <c>GET /api/workshops</c>: the workshops and visits that ended less than <see cref="RecentFor"/> ago or are to come,
/// soonest first, for coordinators only (the roster's fact behind the sign-in; 403 for anyone else). Read only: the
/// page picks one, and whoever acts on it checks it again.
/// </summary>
public static class WorkshopsApi
{
    /// <summary>Registrants of a workshop are reminded before it, or thanked and surveyed shortly after.</summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapWorkshopsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/workshops", ListAsync).RequireAuthorization(RosterAuth.Policy);
        return routes;
    }

    private static async Task<Results<Ok<List<WorkshopSummary>>, ForbidHttpResult>> ListAsync(
        HttpContext http, RosterStore roster, WorkshopStore workshops, WorkshopCards cards, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await RosterCaller.ResolveAsync(http.User, roster, cancellationToken);
        if (caller is not { IsCoordinator: true })
        {
            return TypedResults.Forbid();
        }

        var list = await workshops.ListAsync(clock.GetUtcNow() - RecentFor, cancellationToken);
        using var scope = new CultureScope(RosterStrings.CultureOf(http.Request));
        return TypedResults.Ok(list
            .Where(w => w.Status == WorkshopStatus.Published)
            .OrderBy(w => w.StartUtc)
            .Select(w => new WorkshopSummary(w.PartitionKey, w.Kind, cards.Title(w), w.StartUtc, w.Place, w.Confirmed))
            .ToList());
    }
}
