using System.Text;
using TutorBot.Features.Partners;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Approvals;

/// <summary>One audit entry as the coordinator page shows it (names of organisations, never of people).</summary>
public sealed record AuditEntryView(
    long Seq, DateTimeOffset At, string Kind, string? ActorId, string? OrganisationId, string? OrganisationName, string? LogoHash, string? Medium,
    string? SubjectHash, string? RequestId, string? AgreementId, string? Detail, string Hash);

public sealed record AuditView(string Scope, IReadOnlyList<AuditEntryView> Entries);

/// <summary>
/// <c>/api/partners/audit</c>: the hash-chained log for the partners' annual meeting (JSON for the coordinator page's
/// view, CSV for a spreadsheet) and its verification. A coordinator sees every entry; a correspondent those about
/// their organisation. Only a coordinator verifies the chain.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/partners/audit").RequirePartnerCaller();
        group.MapGet("/", async (HttpContext http, AuditLog audit, RosterPlaces places, CancellationToken cancellationToken) =>
        {
            var (scope, entries) = await VisibleAsync(http, audit, cancellationToken);
            var names = await places.OrganisationsAsync(cancellationToken);
            return TypedResults.Ok(new AuditView(scope, [.. entries.Select(e => View(e, names))]));
        });
        group.MapGet("/csv", async (HttpContext http, AuditLog audit, RosterPlaces places, CancellationToken cancellationToken) =>
        {
            var (_, entries) = await VisibleAsync(http, audit, cancellationToken);
            var names = await places.OrganisationsAsync(cancellationToken);
            var csv = AuditCsv.Write(entries, id => id is not null && names.TryGetValue(id, out var o) ? o.Name : id);
            http.Response.Headers.ContentDisposition = "attachment; filename=\"tutorbot-audit.csv\"";
            // A byte-order mark so Excel reads UTF-8 (accents in organisation names).
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8");
        });
        group.MapGet("/verify", async Task<IResult> (HttpContext http, AuditLog audit, CancellationToken cancellationToken) =>
        {
            if (!PartnersAuth.Caller(http).IsCoordinator)
            {
                return PartnersAuth.Forbidden(PartnersStrings.CultureOf(http.Request));
            }

            var result = await audit.VerifyAsync(cancellationToken);
            return TypedResults.Ok(new { intact = result.Intact, entries = result.Entries, problems = result.Problems });
        });
        return routes;
    }

    private static async Task<(string Scope, List<AuditEntry> Entries)> VisibleAsync(HttpContext http, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = PartnersAuth.Caller(http);
        var all = await audit.ReadAsync(cancellationToken);
        if (caller.IsCoordinator)
        {
            return ("all", all);
        }

        var org = caller.Person.OrganisationId ?? "";
        return (org, [.. all.Where(e => e.Fact.OrganisationId == org)]);
    }

    private static AuditEntryView View(AuditEntry e, IReadOnlyDictionary<string, RosterOrganisation> names) => new(
        e.Seq, e.Fact.At, e.Fact.Kind, e.Fact.ActorId, e.Fact.OrganisationId,
        e.Fact.OrganisationId is { } id && names.TryGetValue(id, out var o) ? o.Name : e.Fact.OrganisationId,
        e.Fact.LogoHash, e.Fact.Medium, e.Fact.SubjectHash, e.Fact.RequestId, e.Fact.AgreementId, e.Fact.Detail, e.Hash);
}
