using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Delivery;

namespace TutorBot.Features.Pairing;

/// <summary>Invitations to alumni (coordinators only): one card per alumnus, through the outbox.</summary>
public static partial class PairingApi
{
    /// <summary>
    /// <c>POST /api/pairing/alumni/invitations</c> <c>{ title, message, studentIds? }</c> (all alumni when no ids):
    /// 202 with how many are invited and the ids that are not alumni (not invited); 400 for a missing or long text.
    /// The cards are planned first, then the invitation's words are stored once (each card waits for them).
    /// </summary>
    private static async Task<Results<Accepted<AlumniInvitationView>, ForbidHttpResult, ValidationProblem>> InviteAlumniAsync(
        AlumniInvitationRequest request, HttpContext http, PairingStore store, OutboxStore outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!caller.IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var invitation = new AlumniInvitation(Pair.NewId(now), request.Title?.Trim() ?? "", request.Message?.Trim() ?? "", caller.Person.Id, now);
        if (invitation.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p, p => new[] { p }));
        }

        var alumni = (await store.AlumniAsync(cancellationToken)).ToDictionary(a => a.StudentId, StringComparer.Ordinal);
        var wanted = request.StudentIds is { Count: > 0 } ids ? ids.Distinct(StringComparer.Ordinal).ToList() : [.. alumni.Keys];
        var invited = wanted.Where(alumni.ContainsKey).Select(id => alumni[id]).ToList();
        var tenant = http.User.FindFirst("tid")?.Value;
        await outbox.PlanAsync(invited.Select(a => AlumniRows.Invite(a, invitation.Id, tenant, now)), cancellationToken);
        if (invited.Count > 0)
        {
            await store.SaveInvitationAsync(invitation, cancellationToken);
        }

        return TypedResults.Accepted((string?)null, new AlumniInvitationView(invitation.Id, invited.Count, [.. wanted.Where(id => !alumni.ContainsKey(id))]));
    }
}
