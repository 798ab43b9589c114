using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>
/// <c>/api/pairing</c>: the coordinator page's pairing view. Signed in as for <c>/api/roster</c>; roles come from the
/// roster (tenant + object id → person): a coordinator may do everything, a school referent may read and mark
/// priorities for their own school only (403 elsewhere), everyone else gets 403.
/// </summary>
public static partial class PairingApi
{
    public static IEndpointRouteBuilder MapPairing(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/pairing").RequireAuthorization(RosterAuth.Policy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = await RosterCaller.ResolveAsync(http.User, http.RequestServices.GetRequiredService<RosterStore>(), http.RequestAborted);
            if (caller is null || caller.Person.Kind is not (RosterKinds.Coordinator or RosterKinds.Referent))
            {
                return TypedResults.Forbid();
            }

            http.Items[typeof(RosterCaller)] = caller;
            return await next(context);
        });

        group.MapGet("/schools/{uai}/priority", PriorityAsync);
        group.MapPut("/schools/{uai}/priority/{studentId}", MarkAsync);
        group.MapGet("/schools/{uai}/students/{studentId}/suggestions", SuggestionsAsync);
        MapPairs(group);
        MapTutors(group);
        MapFollowUp(group);
        group.MapGet("/overview", ProgrammeOverviewAsync);
        return routes;
    }

    internal static RosterCaller Caller(HttpContext http) => (RosterCaller)http.Items[typeof(RosterCaller)]!;

    /// <summary>The school's students, priority-marked ones first in the association's order, with their tutor; the girls-in-STEM shares.</summary>
    private static async Task<Results<Ok<PriorityListView>, ForbidHttpResult>> PriorityAsync(
        string uai, HttpContext http, RosterStore roster, PairingStore store, CancellationToken cancellationToken)
    {
        if (!Caller(http).CanSeeSchool(uai))
        {
            return TypedResults.Forbid();
        }

        var students = (await roster.ListAsync(RosterKeys.SchoolPartition(uai), RosterKinds.Student, cancellationToken)).Where(s => s.Active).ToList();
        var state = await store.SchoolAsync(uai, cancellationToken);
        var tutors = await TutorNamesAsync(store, state.Claims.Values.Select(c => c.TutorId), cancellationToken);
        var ordered = PriorityOrder.Sort(students.Where(s => state.Marks.ContainsKey(s.Id)))
            .Concat(students.Where(s => !state.Marks.ContainsKey(s.Id)).OrderBy(s => s.ClassName, StringComparer.Ordinal).ThenBy(s => s.LastName, StringComparer.Ordinal));
        return TypedResults.Ok(new PriorityListView(
            uai,
            [.. ordered.Select(s => View(s, state, tutors))],
            GirlsInStem.Compute(students, s => state.Claims.ContainsKey(s.Id)),
            GirlsInStem.Compute(students, s => state.Marks.ContainsKey(s.Id))));
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> MarkAsync(
        string uai, string studentId, MarkRequest request, HttpContext http, RosterStore roster, PairingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.CanSeeSchool(uai))
        {
            return TypedResults.Forbid();
        }

        if (await roster.GetAsync(RosterKeys.SchoolPartition(uai), studentId, cancellationToken) is not { Person: { Kind: RosterKinds.Student, Active: true } })
        {
            return TypedResults.NotFound();
        }

        await store.MarkAsync(uai, studentId, request.Marked, caller.Person.Id, clock.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Ranked tutors for one student with the reasons; untrained or full ones last, marked not pairable.</summary>
    private static async Task<Results<Ok<List<SuggestionView>>, NotFound, ForbidHttpResult>> SuggestionsAsync(
        string uai, string studentId, int? max, HttpContext http, RosterStore roster, RosterPlaces places, PairingSuggestions suggestions, CancellationToken cancellationToken)
    {
        if (!Caller(http).CanSeeSchool(uai))
        {
            return TypedResults.Forbid();
        }

        if (await roster.GetAsync(RosterKeys.SchoolPartition(uai), studentId, cancellationToken) is not { Person: { Kind: RosterKinds.Student } student })
        {
            return TypedResults.NotFound();
        }

        var (ranked, byId) = await suggestions.RankAsync(student, Math.Clamp(max ?? 20, 1, 100), cancellationToken);
        var organisations = await places.OrganisationsAsync(cancellationToken);
        return TypedResults.Ok(ranked
            .Select(s => new SuggestionView(s.TutorId, byId[s.TutorId].Name, organisations.GetValueOrDefault(byId[s.TutorId].OrganisationId)?.Name, s.Score, s.Pairable, s.Reasons))
            .ToList());
    }

    internal static async Task<Dictionary<string, string>> TutorNamesAsync(PairingStore store, IEnumerable<string> tutorIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in tutorIds.Distinct())
        {
            names[id] = (await store.TutorAsync(id, cancellationToken))?.Name ?? "";
        }

        return names;
    }

    internal static PriorityStudentView View(RosterPerson s, SchoolPairing state, IReadOnlyDictionary<string, string> tutors)
    {
        var claim = state.Claims.GetValueOrDefault(s.Id);
        return new PriorityStudentView(s.Id, s.FirstName, s.LastName, s.ClassName, s.Stream, state.Marks.ContainsKey(s.Id), PriorityOrder.Criteria(s), claim?.TutorId, claim is null ? null : tutors.GetValueOrDefault(claim.TutorId), claim?.PairId);
    }
}
