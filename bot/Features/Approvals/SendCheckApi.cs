using TutorBot.Features.Partners;

namespace TutorBot.Features.Approvals;

/// <summary>The body of <c>POST /api/addin/send-check</c>: the agreements a message cites and the SHA-256 of its inline images.</summary>
public sealed record SendCheckBody(IReadOnlyList<string>? AgreementIds, IReadOnlyList<string>? ImageHashes);

/// <summary>Which organisation's logo version an inline image is.</summary>
public sealed record LogoOwner(string Hash, string OrganisationId);

/// <summary>What the send-time check needs, in one answer: the obligations, the caller's e-mail grants, and the partner logos among the images.</summary>
public sealed record SendCheckView(AgreementsView Agreements, IReadOnlyList<GrantView> Grants, IReadOnlyList<LogoOwner> Logos);

/// <summary>A send the check stopped, or one sent unchecked while the server could not be reached (told when it is back).</summary>
public sealed record SendEventBody(string? Id, string? Kind, string? SubjectHash, IReadOnlyList<string>? AgreementIds, IReadOnlyList<string>? OrganisationIds, DateTimeOffset? At);

/// <summary>
/// The Smart Alerts check's server side (<c>/api/addin/send-check</c>, <c>/api/addin/send-events</c>): the decision is
/// made in the add-in by pure functions (addin/src/sendcheck.ts) over this one answer; the add-in reports what it
/// blocked, and what went out unchecked, for the audit log.
/// </summary>
public static class SendCheckApi
{
    public const int MaxImages = 20;

    public static readonly TimeSpan MaxEventAge = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapSendCheckApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/addin").RequirePartnerCaller();
        group.MapPost("/send-check", CheckAsync);
        group.MapPost("/send-events", EventAsync);
        return routes;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, AddinViews views, PartnersStore partners, ApprovalStore approvals, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await PartnersAuth.ReadJsonAsync<SendCheckBody>(http, cancellationToken);
        var hashes = body?.ImageHashes ?? [];
        if (body is null || hashes.Count > MaxImages || hashes.Any(h => !PartnersKeys.IsHash(h)) || (body.AgreementIds ?? []).Any(a => !PartnersKeys.IsId(a)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(), title: PartnersStrings.Get("Problem_Invalid", PartnersStrings.CultureOf(http.Request)));
        }

        var caller = PartnersAuth.Caller(http);
        var grantee = PartnersAuth.OrganisationOf(caller);
        var now = clock.GetUtcNow();
        var agreements = await views.AgreementsAsync(caller, cancellationToken);
        var cited = new HashSet<string>(body.AgreementIds ?? [], StringComparer.Ordinal);
        var organisations = await views.PartiesAsync(caller, cancellationToken);
        var grants = new List<GrantView>();
        var owners = new List<LogoOwner>();
        foreach (var organisation in organisations)
        {
            grants.AddRange((await approvals.GrantsAsync(organisation, cancellationToken))
                .Where(g => g.GranteeOrganisationId == grantee && g.Covers(organisation, g.LogoHash, BatMedia.Email, now))
                .Select(g => new GrantView(g.OrganisationId, g.LogoHash, g.Medium, g.From, g.To)));
            foreach (var hash in hashes.Distinct(StringComparer.Ordinal))
            {
                if (await partners.LogoAsync(organisation, hash, cancellationToken) is not null)
                {
                    owners.Add(new LogoOwner(hash, organisation));
                }
            }
        }

        var view = agreements with { Agreements = [.. agreements.Agreements.Where(a => cited.Contains(a.Id))] };
        return TypedResults.Ok(new SendCheckView(view, grants, owners));
    }

    private static async Task<IResult> EventAsync(HttpContext http, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await PartnersAuth.ReadJsonAsync<SendEventBody>(http, cancellationToken);
        var culture = PartnersStrings.CultureOf(http.Request);
        var kind = body?.Kind switch { "blocked" => AuditKinds.SendBlocked, "unchecked" => AuditKinds.SendUnchecked, _ => null };
        if (body is null || kind is null || !PartnersKeys.IsId(body.Id) || !PartnersKeys.IsHash(body.SubjectHash)
            || (body.AgreementIds ?? []).Any(a => !PartnersKeys.IsId(a)) || (body.OrganisationIds ?? []).Any(o => !PartnersKeys.IsId(o)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [ApprovalStrings.Get("Send_BadEvent", culture)] });
        }

        var caller = PartnersAuth.Caller(http);
        var now = clock.GetUtcNow();
        // An unchecked send is reported late (when the server is back): its own time, if plausible.
        var at = body.At is { } told && told <= now && now - told <= MaxEventAge ? told : now;
        var organisations = body.OrganisationIds ?? [];
        var seq = await audit.AppendAsync(
            new AuditFact(
                $"send/{caller.Person.Id}/{body.Id}", kind, at, caller.Person.Id, organisations.Count == 1 ? organisations[0] : null, Medium: BatMedia.Email,
                SubjectHash: body.SubjectHash, AgreementId: string.Join(' ', body.AgreementIds ?? []), Detail: string.Join(' ', organisations)),
            cancellationToken);
        return TypedResults.Created((string?)null, new { seq });
    }
}
