using System.Globalization;
using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Features.Partners;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Approvals;

/// <summary>The body of <c>POST /api/addin/bat-requests</c>: the draft as base64 (HTML, PNG, JPEG or PDF).</summary>
public sealed record BatRequestBody(string? OrganisationId, string? LogoHash, string? Medium, DateTimeOffset? From, DateTimeOffset? To, string? Draft);

public sealed record DecisionBody(string? Decision, string? Comment);

/// <summary>A request as its requester (the add-in) and the coordinator page see it.</summary>
public sealed record BatRequestView(
    string Id, string OrganisationId, string LogoHash, string Medium, DateTimeOffset From, DateTimeOffset To, string DraftHash, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? Comment)
{
    public static BatRequestView Of(BatRequest r) => new(r.Id, r.OrganisationId, r.LogoHash, r.Medium, r.From, r.To, r.DraftHash, r.Status, r.CreatedAt, r.DecidedAt, r.Comment);
}

/// <summary>
/// The BAT routes: a request from the add-in (<c>/api/addin/bat-requests</c>), the caller's requests, a decision and a
/// revocation from the coordinator page (<c>/api/partners</c>). Same sign-in and ProblemDetails as the rest of the
/// partner API; who may decide or revoke is the roster's fact (correspondent of the logo's owner), never the body's.
/// </summary>
public static class ApprovalsApi
{
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder routes)
    {
        var addin = routes.MapGroup("/api/addin").RequirePartnerCaller();
        addin.MapPost("/bat-requests", RequestAsync);
        addin.MapGet("/bat-requests", async (HttpContext http, ApprovalStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.RequestsOfAsync(PartnersAuth.Caller(http).Person.Id, cancellationToken)).Select(BatRequestView.Of).ToList()));

        var partners = routes.MapGroup("/api/partners").RequirePartnerCaller();
        partners.MapPost("/bat-requests/{orgId}/{id}/decision", DecideAsync);
        partners.MapPost("/grants/{orgId}/{id}/revoke", RevokeAsync);
        return routes;
    }

    private static async Task<IResult> RequestAsync(
        HttpContext http, AddinViews views, PartnersStore partners, ApprovalStore store, BatDrafts drafts, ApprovalMessenger messenger, OutboxStore outbox, AuditLog audit,
        IOptions<ApprovalOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var culture = PartnersStrings.CultureOf(http.Request);
        string T(string key, params object[] args) => ApprovalStrings.Get(key, culture, args);
        if (await PartnersAuth.ReadJsonAsync<BatRequestBody>(http, cancellationToken) is not { } body)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(), title: T("Problem_Title"));
        }

        var caller = PartnersAuth.Caller(http);
        var callerOrg = PartnersAuth.OrganisationOf(caller);
        var now = clock.GetUtcNow();
        var limits = options.Value;
        var errors = new Dictionary<string, string[]>();
        if (!PartnersKeys.IsId(body.OrganisationId) || !(await views.PartiesAsync(caller, cancellationToken)).Contains(body.OrganisationId!))
        {
            errors["organisationId"] = [T("Request_Organisation")];
        }
        else if (body.OrganisationId == callerOrg)
        {
            errors["organisationId"] = [T("Request_OwnLogo")];
        }
        else if (!PartnersKeys.IsHash(body.LogoHash) || await partners.LogoAsync(body.OrganisationId!, body.LogoHash!, cancellationToken) is null)
        {
            errors["logoHash"] = [T("Request_UnknownLogo")];
        }

        if (body.Medium is null || !BatMedia.All.Contains(body.Medium))
        {
            errors["medium"] = [T("Request_Medium")];
        }

        if (body.From is not { } from || body.To is not { } to || !BatRequest.IsPeriod(from, to, now, limits.MaxPeriod))
        {
            errors["period"] = [T("Request_Period", (int)limits.MaxPeriod.TotalDays)];
        }

        byte[]? draft = null;
        try
        {
            draft = string.IsNullOrEmpty(body.Draft) ? null : Convert.FromBase64String(body.Draft);
        }
        catch (FormatException)
        {
        }

        var draftType = draft is null ? null : BatDrafts.Sniff(draft);
        if (draft is null || draft.Length == 0)
        {
            errors["draft"] = [T("Request_DraftMissing")];
        }
        else if (draft.Length > limits.DraftMaxBytes)
        {
            errors["draft"] = [T("Request_DraftTooLarge", limits.DraftMaxBytes / 1024)];
        }
        else if (draftType is null)
        {
            errors["draft"] = [T("Request_DraftType")];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: T("Problem_Title"));
        }

        var hash = BatDrafts.HashOf(draft!);
        var request = new BatRequest(
            Guid.NewGuid().ToString("N"), body.OrganisationId!, body.LogoHash!, body.Medium!, body.From!.Value, body.To!.Value, hash, draftType!, draft!.Length,
            caller.Person.Id, RosterKeys.PartitionOf(caller.Person), callerOrg, now);
        await drafts.StoreAsync(hash, draftType!, draft, cancellationToken);
        // The cards are planned first; each waits for the request to be written (or drops itself if it never is).
        var correspondents = await messenger.CorrespondentsAsync(request.OrganisationId, cancellationToken);
        await outbox.PlanAsync(ApprovalRows.ForNewRequest(request, correspondents, RosterKeys.OrganisationPartition(request.OrganisationId), limits.ReminderDelay), cancellationToken);
        await store.AddRequestAsync(request, cancellationToken);
        await audit.AppendAsync(ApprovalRules.RequestedFact(request), cancellationToken);
        return TypedResults.Created($"/api/addin/bat-requests/{request.Id}", BatRequestView.Of(request));
    }

    private static async Task<IResult> DecideAsync(string orgId, string id, HttpContext http, BatDecider decider, CancellationToken cancellationToken)
    {
        var culture = PartnersStrings.CultureOf(http.Request);
        var body = await PartnersAuth.ReadJsonAsync<DecisionBody>(http, cancellationToken);
        if (!PartnersKeys.IsId(orgId) || !PartnersKeys.IsId(id)
            || await decider.DecideAsync(orgId, id, PartnersAuth.Caller(http).Person, body?.Decision, body?.Comment, cancellationToken) is not { } attempt)
        {
            return TypedResults.NotFound();
        }

        var view = BatRequestView.Of(attempt.Request);
        return attempt.Outcome switch
        {
            DecisionOutcome.Decided => TypedResults.Ok(view),
            DecisionOutcome.NotTheCorrespondent => Problem(StatusCodes.Status403Forbidden, ApprovalStrings.Get("Forbidden", culture, attempt.Request.OrganisationId), null),
            DecisionOutcome.AlreadyDecided => Problem(StatusCodes.Status409Conflict, ApprovalStrings.Get("AlreadyDecided", culture, ApprovalStrings.Get("Status_" + view.Status, culture), view.DecidedAt?.ToString("d", culture) ?? ""), view),
            DecisionOutcome.CommentRequired => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [ApprovalStrings.Get("Error_CommentRequired", culture)] }),
            DecisionOutcome.CommentTooLong => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [ApprovalStrings.Get("Error_CommentTooLong", culture, BatRequest.CommentMaxLength)] }),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["decision"] = [ApprovalStrings.Get("Error_UnknownDecision", culture)] }),
        };
    }

    /// <summary>The owner's correspondent withdraws a grant: its users are told (outbox), the audit log records it.</summary>
    private static async Task<IResult> RevokeAsync(string orgId, string id, HttpContext http, ApprovalStore store, OutboxStore outbox, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var culture = PartnersStrings.CultureOf(http.Request);
        if (!PartnersKeys.IsId(orgId) || !PartnersKeys.IsId(id) || await store.GrantAsync(orgId, id, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }

        var person = PartnersAuth.Caller(http).Person;
        if (!found.Grant.CanRevoke(person))
        {
            return Problem(StatusCodes.Status403Forbidden, ApprovalStrings.Get("Revoke_NotAllowed", culture), null);
        }

        if (found.Grant.RevokedAt is not null)
        {
            return Problem(StatusCodes.Status409Conflict, ApprovalStrings.Get("Revoke_Already", culture), null);
        }

        var now = clock.GetUtcNow();
        var revoked = found.Grant.Revoke(person, now);
        var users = await store.UsersAsync(found.Grant, cancellationToken);
        await outbox.PlanAsync(users.Select(u => ApprovalRows.RevokedNotice(revoked, u.PersonId, u.PersonPartition, now)), cancellationToken);
        if (!await store.UpdateGrantAsync(revoked, found.ETag, cancellationToken))
        {
            return Problem(StatusCodes.Status409Conflict, ApprovalStrings.Get("Revoke_Already", culture), null);
        }

        await audit.AppendAsync(ApprovalRules.RevokedFact(revoked), cancellationToken);
        return TypedResults.Ok(new { revoked.Id, revoked.OrganisationId, revoked.RevokedAt, told = users.Count });
    }

    private static IResult Problem(int status, string title, BatRequestView? request) => TypedResults.Problem(
        title: title, statusCode: status, extensions: request is null ? null : new Dictionary<string, object?> { ["request"] = request });
}
