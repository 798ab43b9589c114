using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using TutorBot.Calendar;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Approvals;

/// <summary>
/// Signed, expiring links to a BAT request's draft for one correspondent, minted when their decision card is sent
/// (a PDF, or an image too large to preview). The token is Data Protection's time-limited payload naming the request
/// and the roster person it was made for, so it cannot be forged or pointed at another draft; at each use the person
/// must still be an active correspondent of the logo's owner (stored roster facts), else 403.
/// </summary>
public sealed class DraftLinks(IDataProtectionProvider protection, IOptions<ApprovalOptions> options, IOptions<CalendarOptions> calendar, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("TutorBot.Approvals.DraftLink.v1").ToTimeLimitedDataProtector();

    public Uri Create(string organisationId, string requestId, string personPartition, string personId)
    {
        var token = _protector.Protect(string.Join('\n', organisationId, requestId, personPartition, personId), clock.GetUtcNow() + options.Value.DraftLinkLifetime);
        return new Uri(calendar.Value.PublicBaseUrl, "bat/draft/" + token);
    }

    /// <summary>The link's (organisation, request, person partition, person), or null when it was tampered with or has expired.</summary>
    public (string Org, string Id, string Partition, string PersonId)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token, out var expiration).Split('\n');
            return parts.Length == 4 && expiration > clock.GetUtcNow() ? (parts[0], parts[1], parts[2], parts[3]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary><c>GET /bat/draft/{token}</c>: the draft (PDF or image) for the correspondent the link was made for.</summary>
public static class DraftLinksApi
{
    public static IEndpointRouteBuilder MapDraftLinks(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/bat/draft/{token}", async Task<IResult> (string token, HttpContext http, DraftLinks links, ApprovalStore store, RosterStore roster, BatDrafts drafts, CancellationToken cancellationToken) =>
        {
            if (links.Read(token) is not var (org, id, partition, personId))
            {
                return TypedResults.Problem(statusCode: 404, title: "Link not valid", detail: "This link is wrong or has expired: the reminder card brings a new one.");
            }

            if (await store.RequestAsync(org, id, cancellationToken) is not { Request: { } r } || r.DraftContentType is not (BatDrafts.Pdf or BatDrafts.Png or BatDrafts.Jpeg))
            {
                return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "This request or its draft no longer exists.");
            }

            // The link names whom it was made for; whether they may still see the draft is read from the roster now.
            var person = (await roster.GetAsync(partition, personId, cancellationToken))?.Person;
            if (!r.CanDecide(person))
            {
                return TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: "Only the partner's correspondent may open this draft.");
            }

            if (await drafts.ReadAsync(r.DraftHash, r.DraftContentType, cancellationToken) is not { } content)
            {
                return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "This draft no longer exists.");
            }

            http.Response.Headers.CacheControl = "private, no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentDisposition = $"inline; filename=\"{BatDrafts.BlobName(r.DraftHash[..12], r.DraftContentType)}\"";
            return TypedResults.Bytes(content, r.DraftContentType);
        });
        return routes;
    }
}
