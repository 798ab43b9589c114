using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Delivery;
using TutorBot.Features.Roster;
using TutorBot.Features.Tutoring;

namespace TutorBot.Features.Pairing;

/// <summary>The follow-up (path per year, graduation, first job), the alumni, and a school's overview.</summary>
public static partial class PairingApi
{
    private static void MapFollowUp(RouteGroupBuilder group)
    {
        group.MapGet("/schools/{uai}/students/{studentId}/followup", async Task<Results<Ok<List<FollowUp>>, ForbidHttpResult>> (string uai, string studentId, HttpContext http, PairingStore store, CancellationToken cancellationToken) =>
            Caller(http).CanSeeSchool(uai) ? TypedResults.Ok((await store.FollowUpsAsync(uai, studentId, cancellationToken)).OrderBy(f => f.Year).ToList()) : TypedResults.Forbid());
        group.MapPut("/schools/{uai}/students/{studentId}/followup", SaveFollowUpAsync);
        group.MapPut("/schools/{uai}/students/{studentId}/alumni", AlumniAsync);
        group.MapGet("/alumni", ListAlumniAsync);
        group.MapPost("/alumni/invitations", InviteAlumniAsync);
        group.MapGet("/schools/{uai}/overview", OverviewAsync);
    }

    private static async Task<Results<Ok<FollowUp>, NotFound, ForbidHttpResult, ValidationProblem>> SaveFollowUpAsync(
        string uai, string studentId, FollowUpRequest request, HttpContext http, RosterStore roster, PairingStore store, OutboxStore outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        if (await roster.GetAsync(RosterKeys.SchoolPartition(uai), studentId, cancellationToken) is not { Person.Kind: RosterKinds.Student })
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var followUp = new FollowUp(studentId, request.Year, Blank(request.ClassName), Blank(request.School), Blank(request.DegreeTarget), request.Graduated, Blank(request.FirstJob), caller.Person.Id, now);
        if (followUp.Problems(now) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p, p => new[] { p }));
        }

        if (followUp.Graduated)
        {
            // The graduate is offered the alumni community on a card (planned before the graduation is written).
            await outbox.PlanAsync(AlumniRows.Offer(uai, studentId, http.User.FindFirst("tid")?.Value, now), cancellationToken);
        }

        await store.SaveFollowUpAsync(uai, followUp, cancellationToken);
        return TypedResults.Ok(followUp);
    }

    /// <summary>A graduate's opt-in to the alumni community, as they told the coordinator; refused before graduation is recorded.</summary>
    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, ValidationProblem>> AlumniAsync(
        string uai, string studentId, AlumniRequest request, HttpContext http, PairingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        var followUps = await store.FollowUpsAsync(uai, studentId, cancellationToken);
        if (request.OptedIn && !followUps.Any(f => f.Graduated))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["graduated"] = ["no graduation recorded"] });
        }

        await store.SetAlumnusAsync(new Alumnus(studentId, uai, request.OptedIn, clock.GetUtcNow(), caller.Person.Id), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<AlumnusView>>, ForbidHttpResult>> ListAlumniAsync(HttpContext http, PairingStore store, RosterStore roster, CancellationToken cancellationToken)
    {
        if (!Caller(http).IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        var result = new List<AlumnusView>();
        foreach (var a in await store.AlumniAsync(cancellationToken))
        {
            var person = (await roster.GetAsync(RosterKeys.SchoolPartition(a.SchoolUai), a.StudentId, cancellationToken))?.Person;
            result.Add(new AlumnusView(a.StudentId, a.SchoolUai, person?.DisplayName ?? "", a.ChangedUtc));
        }

        return TypedResults.Ok(result);
    }

    /// <summary>
    /// A school's overview: priority students without a tutor, pairs without a session for six weeks, pairs whose
    /// student answered neither of the last two sessions' reminders (sessions read per paired student).
    /// </summary>
    private static async Task<Results<Ok<OverviewView>, ForbidHttpResult>> OverviewAsync(
        string uai, HttpContext http, RosterStore roster, PairingStore store, SessionStore sessions, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Caller(http).CanSeeSchool(uai))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var students = (await roster.ListAsync(RosterKeys.SchoolPartition(uai), RosterKinds.Student, cancellationToken)).Where(s => s.Active).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var state = await store.SchoolAsync(uai, cancellationToken);
        var tutors = await TutorNamesAsync(store, state.Claims.Values.Select(c => c.TutorId), cancellationToken);
        var without = PriorityOrder.Sort(students.Values.Where(s => state.Marks.ContainsKey(s.Id) && !state.Claims.ContainsKey(s.Id))).Select(s => View(s, state, tutors)).ToList();
        var quiet = new List<OverviewPairView>();
        var unanswered = new List<OverviewPairView>();
        foreach (var claim in state.Claims.Values.Where(c => students.ContainsKey(c.StudentId)))
        {
            var pair = state.History.FirstOrDefault(h => h.PairId == claim.PairId) is { } h
                ? new Pair(h.PairId, h.TutorId, h.StudentId, uai, PairStatus.Active, h.StartedUtc, "")
                : null;
            if (pair is null)
            {
                continue;
            }

            var of = await sessions.OfStudentAsync(claim.StudentId, cancellationToken);
            var view = new OverviewPairView(pair.Id, pair.TutorId, tutors.GetValueOrDefault(pair.TutorId) ?? "", pair.StudentId, students[pair.StudentId].DisplayName, pair.StartedUtc);
            if (PairHealth.NoSessionForSixWeeks(pair, of, now))
            {
                quiet.Add(view);
            }

            if (PairHealth.MissedLastTwoReminders(pair, of, now))
            {
                unanswered.Add(view);
            }
        }

        return TypedResults.Ok(new OverviewView(uai, without, quiet, unanswered));
    }
}
