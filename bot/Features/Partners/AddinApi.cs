using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Features.Approvals;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Partners;

/// <summary>The body of <c>POST /api/addin/insertions</c>: ids and hashes only, never the subject or the message.</summary>
public sealed record InsertionRequest(string? AgreementId, string? OrganisationId, string? LogoHash, string? SubjectHash);

/// <summary>
/// <c>/api/addin/*</c>, what the Outlook task pane calls (addin/API.md): the caller's agreements with what citing
/// each party requires, the granted BATs, logo files, and the record of each insertion.
/// </summary>
public static partial class AddinApi
{
    public static IEndpointRouteBuilder MapAddinApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/addin").RequirePartnerCaller();
        group.MapGet("/agreements", AgreementsAsync);
        group.MapGet("/grants", GrantsAsync);
        group.MapGet("/logos/{hash}", LogoAsync);
        group.MapPost("/insertions", InsertAsync);
        return routes;
    }

    private static async Task<Ok<AgreementsView>> AgreementsAsync(HttpContext http, AddinViews views, CancellationToken cancellationToken)
    {
        var caller = PartnersAuth.Caller(http);
        return TypedResults.Ok(await views.AgreementsAsync(caller, cancellationToken));
    }

    /// <summary>The grants the caller's organisation holds for that medium, unexpired and not revoked (the BAT workflow's, bot/Features/Approvals).</summary>
    private static async Task<IResult> GrantsAsync(string? medium, HttpContext http, AddinViews views, ApprovalStore approvals, TimeProvider time, CancellationToken cancellationToken)
    {
        if (medium != BatMedia.Email)
        {
            var culture = PartnersStrings.CultureOf(http.Request);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["medium"] = [PartnersStrings.Get("Grants_Medium", culture)] });
        }

        var now = time.GetUtcNow();
        var caller = PartnersAuth.Caller(http);
        var grantee = PartnersAuth.OrganisationOf(caller);
        var grants = new List<GrantView>();
        foreach (var organisation in await views.PartiesAsync(caller, cancellationToken))
        {
            grants.AddRange((await approvals.GrantsAsync(organisation, cancellationToken))
                .Where(g => g.GranteeOrganisationId == grantee && g.Covers(organisation, g.LogoHash, medium, now))
                .Select(g => new GrantView(g.OrganisationId, g.LogoHash, g.Medium, g.From, g.To)));
        }

        return TypedResults.Ok(new GrantsView(grants));
    }

    /// <summary>A logo version of a party to one of the caller's agreements; 404 for anything else.</summary>
    private static async Task<IResult> LogoAsync(string hash, HttpContext http, AddinViews views, PartnersStore store, LogoBlobs blobs, CancellationToken cancellationToken)
    {
        if (!PartnersKeys.IsHash(hash))
        {
            return TypedResults.NotFound();
        }

        foreach (var organisation in await views.PartiesAsync(PartnersAuth.Caller(http), cancellationToken))
        {
            if (await store.LogoAsync(organisation, hash, cancellationToken) is { } logo
                && await blobs.ReadAsync(logo.Hash, logo.ContentType, cancellationToken) is { } content)
            {
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
                http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
                return TypedResults.File(content, logo.ContentType);
            }
        }

        return TypedResults.NotFound();
    }

    private static async Task<IResult> InsertAsync(
        HttpContext http, RosterPlaces places, PartnersStore store, ApprovalStore approvals, AuditLog audit, TimeProvider time, ILogger<InsertionRequest> logger, CancellationToken cancellationToken)
    {
        var culture = PartnersStrings.CultureOf(http.Request);
        var errors = new Dictionary<string, string[]>();
        if (await PartnersAuth.ReadJsonAsync<InsertionRequest>(http, cancellationToken) is not { } body)
        {
            return TypedResults.ValidationProblem(errors, title: PartnersStrings.Get("Problem_Invalid", culture));
        }

        if (!PartnersKeys.IsId(body.AgreementId))
        {
            errors["agreementId"] = [PartnersStrings.Get("Insertion_BadId", culture)];
        }

        if (!PartnersKeys.IsId(body.OrganisationId))
        {
            errors["organisationId"] = [PartnersStrings.Get("Insertion_BadId", culture)];
        }

        if (!PartnersKeys.IsHash(body.SubjectHash))
        {
            errors["subjectHash"] = [PartnersStrings.Get("Insertion_BadHash", culture)];
        }

        if (body.LogoHash is not null && !PartnersKeys.IsHash(body.LogoHash))
        {
            errors["logoHash"] = [PartnersStrings.Get("Insertion_BadHash", culture)];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = PartnersAuth.Caller(http);
        var agreement = (await places.AgreementsAsync(cancellationToken)).FirstOrDefault(a => a.Id == body.AgreementId);
        if (agreement is null ? !caller.IsCoordinator : !PartnersAuth.IsPartyTo(caller, agreement))
        {
            return PartnersAuth.Forbidden(culture);
        }

        if (agreement is null || !agreement.Parties.Contains(body.OrganisationId!, StringComparer.Ordinal))
        {
            errors[agreement is null ? "agreementId" : "organisationId"] = [PartnersStrings.Get(agreement is null ? "Insertion_UnknownAgreement" : "Insertion_NotAParty", culture)];
        }
        else if (body.LogoHash is { } logoHash && await store.LogoAsync(body.OrganisationId!, logoHash, cancellationToken) is null)
        {
            errors["logoHash"] = [PartnersStrings.Get("Insertion_UnknownLogo", culture)];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var record = new InsertionRecord(Guid.NewGuid().ToString("N"), caller.Person.Id, time.GetUtcNow(), agreement!.Id, body.OrganisationId!, body.LogoHash, body.SubjectHash!);
        await store.AddInsertionAsync(record, cancellationToken);
        await audit.AppendAsync(
            new AuditFact("insertion/" + record.Id, AuditKinds.Insertion, record.At, record.PersonId, record.OrganisationId, record.LogoHash, BatMedia.Email, record.SubjectHash, AgreementId: record.AgreementId),
            cancellationToken);
        if (record.LogoHash is { } usedLogo)
        {
            // Whoever put a granted logo in a message hears of its revocation.
            var grantee = PartnersAuth.OrganisationOf(caller);
            foreach (var grant in (await approvals.GrantsAsync(record.OrganisationId, cancellationToken)).Where(g => g.GranteeOrganisationId == grantee && g.Covers(record.OrganisationId, usedLogo, BatMedia.Email, record.At)))
            {
                await approvals.RecordUseAsync(grant, caller.Person.Id, RosterKeys.PartitionOf(caller.Person), cancellationToken);
            }
        }

        Log.InsertionRecorded(logger, record.Id, record.AgreementId, record.OrganisationId, record.LogoHash is not null);
        return TypedResults.Created((string?)null, new InsertionCreated(record.Id));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Add-in insertion {RecordId} recorded for agreement {AgreementId}, party {OrganisationId}, logo {WithLogo}")]
        public static partial void InsertionRecorded(ILogger logger, string recordId, string agreementId, string organisationId, bool withLogo);
    }
}
