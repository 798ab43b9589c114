using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Microsoft.Extensions.Options;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Partners;

/// <summary>The body of a mention edit: both languages.</summary>
public sealed record MentionEdit(string? MentionFr, string? MentionEn);

/// <summary>A stored logo version as the coordinator page shows it.</summary>
public sealed record LogoStored(string OrganisationId, string Hash, string ContentType, int Width, int Height, string Url);

/// <summary>
/// <c>/api/partners</c>, the coordinator page's side of partner communication: a party's mention, edited by that
/// organisation's correspondent or a coordinator (ETag / If-Match), and its logo versions.
/// </summary>
public static partial class PartnersApi
{
    public static IEndpointRouteBuilder MapPartnersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/partners").RequirePartnerCaller();
        group.MapGet("/agreements/{id}/parties/{orgId}", PartyAsync);
        group.MapPut("/agreements/{id}/parties/{orgId}/mention", EditMentionAsync);
        group.MapPost("/organisations/{orgId}/logos", UploadLogoAsync).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> PartyAsync(string id, string orgId, HttpContext http, RosterPlaces places, PartnersStore store, CancellationToken cancellationToken)
    {
        if (!PartnersAuth.Caller(http).CanSeeOrganisation(orgId))
        {
            return PartnersAuth.Forbidden(PartnersStrings.CultureOf(http.Request));
        }

        if (await PartyNameAsync(places, id, orgId, cancellationToken) is not { } name)
        {
            return TypedResults.NotFound();
        }

        var found = await store.ObligationAsync(id, orgId, cancellationToken);
        if (found is { } f)
        {
            http.Response.Headers.ETag = HttpETag(f.ETag);
        }

        return TypedResults.Ok(AddinViews.View(AddinViews.OrDefault(found?.Party, id, orgId), name));
    }

    private static async Task<IResult> EditMentionAsync(
        string id, string orgId, HttpContext http, RosterPlaces places, PartnersStore store, IOptions<PartnersOptions> options, ILogger<MentionEdit> logger, CancellationToken cancellationToken)
    {
        var culture = PartnersStrings.CultureOf(http.Request);
        if (!PartnersAuth.Caller(http).CanSeeOrganisation(orgId))
        {
            return PartnersAuth.Forbidden(culture);
        }

        if (await PartyNameAsync(places, id, orgId, cancellationToken) is not { } name)
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (await PartnersAuth.ReadJsonAsync<MentionEdit>(http, cancellationToken) is not { } body)
        {
            return TypedResults.ValidationProblem(errors, title: PartnersStrings.Get("Problem_Invalid", culture));
        }

        var fr = Mention(body.MentionFr, "mentionFr", options.Value.MentionMaxLength, culture, errors);
        var en = Mention(body.MentionEn, "mentionEn", options.Value.MentionMaxLength, culture, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: PartnersStrings.Get("Problem_Invalid", culture));
        }

        var found = await store.ObligationAsync(id, orgId, cancellationToken);
        var ifMatch = http.Request.Headers.IfMatch.FirstOrDefault();
        var etag = ifMatch is { Length: > 0 } ? TableETag(ifMatch) : found?.ETag ?? ETag.All;
        if (etag is not { } expected || (found is null && ifMatch is { Length: > 0 } && expected != ETag.All))
        {
            return TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed);
        }

        var after = AddinViews.OrDefault(found?.Party, id, orgId) with { MentionFr = fr!, MentionEn = en! };
        ETag written;
        try
        {
            written = found is null
                ? await store.AddAsync(after, cancellationToken)
                : await store.UpdateAsync(after, expected, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 409)
        {
            return TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed);
        }

        Log.MentionEdited(logger, id, orgId, PartnersAuth.Caller(http).Person.Id);
        http.Response.Headers.ETag = HttpETag(written);
        return TypedResults.Ok(AddinViews.View(after, name));
    }

    private static async Task<IResult> UploadLogoAsync(
        string orgId, HttpContext http, RosterPlaces places, PartnersStore store, LogoBlobs blobs, IOptions<PartnersOptions> options, TimeProvider time, ILogger<MentionEdit> logger, CancellationToken cancellationToken)
    {
        var culture = PartnersStrings.CultureOf(http.Request);
        if (!PartnersAuth.Caller(http).CanSeeOrganisation(orgId))
        {
            return PartnersAuth.Forbidden(culture);
        }

        if (!(await places.OrganisationsAsync(cancellationToken)).ContainsKey(orgId))
        {
            return TypedResults.NotFound();
        }

        var limits = options.Value;
        var file = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(cancellationToken)).Files.GetFile("file") : null;
        if (file is null || file.Length == 0)
        {
            return Refused("Logo_Empty", culture);
        }

        if (file.Length > limits.LogoMaxBytes)
        {
            return Refused("Logo_TooLarge", culture, (limits.LogoMaxBytes / 1024).ToString(CultureInfo.InvariantCulture));
        }

        byte[] content;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        var check = LogoCheck.Check(content, limits, file.ContentType, file.FileName);
        if (!check.Accepted)
        {
            return Refused(check.Refusal!, culture, check.Refusal switch
            {
                "Logo_TooLarge" => (limits.LogoMaxBytes / 1024).ToString(CultureInfo.InvariantCulture),
                "Logo_TooWide" => limits.LogoMaxWidth.ToString(CultureInfo.InvariantCulture),
                _ => "",
            }, limits.LogoMaxHeight.ToString(CultureInfo.InvariantCulture));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var contentType = check.ContentType!;
        var newBlob = await blobs.CreateAsync(hash, contentType, content, cancellationToken);
        var newRow = await store.AddLogoAsync(new LogoVersion(orgId, hash, contentType, check.Width, check.Height, content.Length, time.GetUtcNow()), cancellationToken);
        Log.LogoStored(logger, orgId, hash, newBlob || newRow);
        var view = new LogoStored(orgId, hash, contentType, check.Width, check.Height, AddinViews.LogoUrl(hash));
        return newRow ? TypedResults.Created(AddinViews.LogoUrl(hash), view) : TypedResults.Ok(view);
    }

    /// <summary>The row's ETag as an opaque strong HTTP entity tag (Table Storage's own are weak and quoted).</summary>
    private static string HttpETag(ETag etag) => $"\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(etag.ToString())).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";

    /// <summary>An If-Match value back to the row's ETag; <c>*</c> is any; null when it is not one of ours.</summary>
    private static ETag? TableETag(string header)
    {
        var tag = header.Trim();
        if (tag == "*")
        {
            return ETag.All;
        }

        tag = (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag).Trim('"').Replace('-', '+').Replace('_', '/');
        try
        {
            return new ETag(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(tag.PadRight(tag.Length + ((4 - (tag.Length % 4)) % 4), '='))));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The organisation's name when it is a party to the agreement.</summary>
    private static async Task<string?> PartyNameAsync(RosterPlaces places, string agreementId, string organisationId, CancellationToken cancellationToken)
    {
        var agreement = (await places.AgreementsAsync(cancellationToken)).FirstOrDefault(a => a.Id == agreementId);
        if (agreement is null || !agreement.Parties.Contains(organisationId, StringComparer.Ordinal))
        {
            return null;
        }

        return (await places.OrganisationsAsync(cancellationToken)).TryGetValue(organisationId, out var org) ? org.Name : organisationId;
    }

    private static string? Mention(string? value, string field, int max, CultureInfo culture, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim();
        var problem = string.IsNullOrEmpty(text) ? PartnersStrings.Get("Mention_Empty", culture)
            : text.Length > max ? PartnersStrings.Get("Mention_TooLong", culture, max)
            : text.Any(char.IsControl) ? PartnersStrings.Get("Mention_Control", culture)
            : null;
        if (problem is not null)
        {
            errors[field] = [problem];
        }

        return text;
    }

    private static IResult Refused(string code, CultureInfo culture, params object[] args) => TypedResults.Problem(
        title: PartnersStrings.Get("Logo_Title", culture),
        detail: PartnersStrings.Get(code, culture, args),
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    private static partial class Log
    {
        [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Mention of party {OrganisationId} in agreement {AgreementId} edited by person {PersonId}")]
        public static partial void MentionEdited(ILogger logger, string agreementId, string organisationId, string personId);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Logo of {OrganisationId} stored as version {Hash} (new: {Created})")]
        public static partial void LogoStored(ILogger logger, string organisationId, string hash, bool created);
    }
}
