using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>Pairs (coordinators only): one at a time, the whole-school proposal and its confirmation, ending, a school's pairs.</summary>
public static partial class PairingApi
{
    private static void MapPairs(RouteGroupBuilder group)
    {
        group.MapPost("/schools/{uai}/pairs", PairAsync);
        group.MapGet("/schools/{uai}/pairs", SchoolPairsAsync);
        group.MapPost("/schools/{uai}/proposal", ProposalAsync);
        group.MapPost("/schools/{uai}/proposal/confirm", ConfirmAsync);
        group.MapPost("/pairs/{tutorId}/{pairId}/end", EndAsync);
    }

    /// <summary>201 with the pair; 409 (ProblemDetails, code <c>studentTaken</c> or <c>tutorFull</c>) when another coordinator was first.</summary>
    private static async Task<Results<Created<PairView>, ProblemHttpResult, NotFound, ForbidHttpResult>> PairAsync(
        string uai, PairRequest request, HttpContext http, RosterStore roster, Pairings pairings, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        if (await roster.GetAsync(RosterKeys.SchoolPartition(uai), request.StudentId, cancellationToken) is not { Person: { Kind: RosterKinds.Student } student })
        {
            return TypedResults.NotFound();
        }

        var result = await pairings.PairAsync(student, request.TutorId, caller.Person.Id, http.User.FindFirst("tid")?.Value, cancellationToken);
        return result.Pair is { } pair
            ? TypedResults.Created($"/api/pairing/pairs/{pair.TutorId}/{pair.Id}", PairView.Of(pair))
            : Refused(result.Outcome, http);
    }

    /// <summary>The school's pairs, active and ended, newest first.</summary>
    private static async Task<Results<Ok<List<PairView>>, ForbidHttpResult>> SchoolPairsAsync(string uai, HttpContext http, PairingStore store, CancellationToken cancellationToken)
    {
        if (!Caller(http).CanSeeSchool(uai))
        {
            return TypedResults.Forbid();
        }

        var state = await store.SchoolAsync(uai, cancellationToken);
        return TypedResults.Ok(state.History
            .OrderByDescending(h => h.StartedUtc)
            .Select(h => new PairView(h.PairId, h.TutorId, h.StudentId, uai, h.EndedUtc is null ? PairStatus.Active : PairStatus.Ended, h.StartedUtc, h.EndedUtc, null))
            .ToList());
    }

    /// <summary>
    /// The whole-school proposal: every unpaired priority student of the school against every pairable tutor place,
    /// maximising the total score. Nothing is written; the coordinator reviews it, then confirms.
    /// </summary>
    private static async Task<Results<Ok<ProposalView>, ForbidHttpResult>> ProposalAsync(
        string uai, HttpContext http, RosterStore roster, RosterPlaces places, PairingStore store, CancellationToken cancellationToken)
    {
        if (!Caller(http).IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        var students = await roster.ListAsync(RosterKeys.SchoolPartition(uai), RosterKinds.Student, cancellationToken);
        var state = await store.SchoolAsync(uai, cancellationToken);
        var school = (await places.SchoolsAsync(cancellationToken)).GetValueOrDefault(uai);
        var waiting = PriorityOrder.Sort(students.Where(s => s.Active && state.Marks.ContainsKey(s.Id) && !state.Claims.ContainsKey(s.Id)));
        var needs = waiting.Select(s => PairingSuggestions.Need(s, school, state.History.Where(h => h.StudentId == s.Id).Select(h => h.TutorId))).ToList();
        var tutors = await store.TutorsAsync(cancellationToken);
        var proposal = WholeSchoolProposal.Propose(needs, tutors);
        var studentNames = waiting.ToDictionary(s => s.Id, s => s.DisplayName, StringComparer.Ordinal);
        var tutorNames = tutors.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var assigned = proposal.Select(p => p.StudentId).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(new ProposalView(
            uai,
            [.. proposal.Select(p => new ProposalPairView(p.StudentId, studentNames[p.StudentId], p.TutorId, tutorNames[p.TutorId], p.Score))],
            [.. waiting.Where(s => !assigned.Contains(s.Id)).Select(s => s.Id)],
            proposal.Sum(p => (long)p.Score)));
    }

    /// <summary>Makes the reviewed pairs one by one; each says whether it was made or why not (another coordinator may have been first).</summary>
    private static async Task<Results<Ok<List<ConfirmResultView>>, ForbidHttpResult, ValidationProblem>> ConfirmAsync(
        string uai, ConfirmRequest request, HttpContext http, RosterStore roster, Pairings pairings, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        if (request.Pairs is not { Count: > 0 and <= 500 } pairs)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pairs"] = ["1-500"] });
        }

        var results = new List<ConfirmResultView>();
        foreach (var p in pairs)
        {
            var student = (await roster.GetAsync(RosterKeys.SchoolPartition(uai), p.StudentId, cancellationToken))?.Person;
            var result = student is null ? new PairingResult(PairingOutcome.NotPairable) : await pairings.PairAsync(student, p.TutorId, caller.Person.Id, http.User.FindFirst("tid")?.Value, cancellationToken);
            results.Add(new ConfirmResultView(p.StudentId, p.TutorId, PairingOutcomes.Wire(result.Outcome), result.Pair?.Id));
        }

        return TypedResults.Ok(results);
    }

    private static async Task<Results<Ok<PairView>, ProblemHttpResult, ForbidHttpResult>> EndAsync(
        string tutorId, string pairId, HttpContext http, Pairings pairings, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        return await pairings.EndAsync(tutorId, pairId, caller.Person.Id, http.User.FindFirst("tid")?.Value, cancellationToken) is { } ended
            ? TypedResults.Ok(PairView.Of(ended))
            : TypedResults.Problem(title: PairingTexts.Get("Api_NotActive", http.Request), statusCode: 409, extensions: new Dictionary<string, object?> { ["code"] = "notActive" });
    }

    private static ProblemHttpResult Refused(PairingOutcome outcome, HttpContext http) => TypedResults.Problem(
        title: PairingTexts.Get("Api_Title", http.Request),
        detail: PairingTexts.Get(outcome switch { PairingOutcome.StudentTaken => "Api_StudentTaken", PairingOutcome.TutorFull => "Api_TutorFull", _ => "Api_NotPairable" }, http.Request),
        statusCode: outcome == PairingOutcome.NotPairable ? 400 : 409,
        extensions: new Dictionary<string, object?> { ["code"] = PairingOutcomes.Wire(outcome) });
}
