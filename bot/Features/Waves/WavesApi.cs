using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Cards;
using TutorBot.Features.Roster;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Waves;

/// <summary>
/// <c>/api/waves</c> (docs: /work/wt/briefs/waves-contract.md, README): the coordinator page's waves. Signed in as for
/// <c>/api/roster</c>; who may do what comes from the roster (tenant + object id → person → kind): coordinators
/// everything, a school referent their own school's waves, anyone else 403 (ProblemDetails).
/// </summary>
public static partial class WavesApi
{
    public static IEndpointRouteBuilder MapWaves(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/waves").RequireAuthorization(RosterAuth.Policy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = await RosterCaller.ResolveAsync(http.User, http.RequestServices.GetRequiredService<RosterStore>(), http.RequestAborted);
            if (caller is null || caller.Person.Kind is not (RosterKinds.Coordinator or RosterKinds.Referent))
            {
                return Forbidden(http);
            }

            http.Items[typeof(WaveAuthor)] = new WaveAuthor(caller.Person.Id, caller.IsCoordinator, caller.Person.Kind == RosterKinds.Referent ? caller.Person.SchoolUai : null, http.User.FindFirst("tid")?.Value);
            return await next(context);
        });

        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/preview", PreviewAsync);
        MapControls(group);
        return routes;
    }

    internal static WaveAuthor Author(HttpContext http) => (WaveAuthor)http.Items[typeof(WaveAuthor)]!;

    internal static ProblemHttpResult Forbidden(HttpContext http) =>
        TypedResults.Problem(WaveTexts.Get("Api_Forbidden", http.Request), statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A coordinator sees every wave; a referent the waves they created.</summary>
    internal static bool MaySee(WaveAuthor author, Wave wave) => author.IsCoordinator || wave.CreatedBy == author.PersonId;

    private static async Task<Results<Created<CreatedView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        WaveDraft request, HttpContext http, WaveComposer composer, CancellationToken cancellationToken)
    {
        var result = await composer.CreateAsync(Author(http), request, cancellationToken);
        return result.Outcome switch
        {
            ComposeOutcome.Created => TypedResults.Created($"/api/waves/{result.Wave!.Id}", new CreatedView(result.Wave.Id, result.Wave.Recipients)),
            ComposeOutcome.Forbidden => Forbidden(http),
            ComposeOutcome.TooLarge => TypedResults.Problem(
                string.Format(CultureInfo.InvariantCulture, WaveTexts.Get("Api_TooLarge", http.Request), result.Bytes, AdaptiveCard.MaxMessageBytes),
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "cardTooLarge", ["bytes"] = result.Bytes, ["limitBytes"] = AdaptiveCard.MaxMessageBytes }),
            _ => TypedResults.ValidationProblem(result.Errors!),
        };
    }

    private static async Task<Ok<List<WaveSummary>>> ListAsync(HttpContext http, WaveStore waves, CancellationToken cancellationToken)
    {
        var author = Author(http);
        return TypedResults.Ok((await waves.ListAsync(cancellationToken))
            .Where(w => MaySee(author, w))
            .Select(w => new WaveSummary(w.Id, w.Title, w.State, w.CreatedUtc, w.Recipients))
            .ToList());
    }

    private static async Task<Results<Ok<WaveView>, NotFound, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, WaveStore waves, WaveProgressCache cache, CancellationToken cancellationToken)
    {
        if (await waves.GetAsync(id, cancellationToken) is not { } wave)
        {
            return TypedResults.NotFound();
        }

        if (!MaySee(Author(http), wave))
        {
            return Forbidden(http);
        }

        // Counting reads the wave's recipient rows: a page polling every second costs one read per two seconds per instance.
        var progress = await cache.GetAsync(wave, cancellationToken);
        var language = WaveTexts.LanguageOf(RosterStrings.CultureOf(http.Request));
        return TypedResults.Ok(new WaveView(
            wave.Id,
            wave.Title,
            wave.State,
            wave.SendAtUtc,
            wave.NudgeAfterHours,
            wave.Audience,
            progress.Counts,
            progress.Reasons,
            [.. wave.Answers.Select((a, i) => new AnswerCount(a.For(language), progress.Answers[i]))],
            progress.Timeline));
    }

    private static async Task<Results<Ok<PreviewView>, NotFound, ProblemHttpResult>> PreviewAsync(
        string id, string? locale, HttpContext http, WaveStore waves, CancellationToken cancellationToken)
    {
        if (await waves.GetAsync(id, cancellationToken) is not { } wave)
        {
            return TypedResults.NotFound();
        }

        if (!MaySee(Author(http), wave))
        {
            return Forbidden(http);
        }

        var culture = locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? CultureInfo.GetCultureInfo("en") : Conversation.Culture.French;
        var card = JsonSerializer.SerializeToElement(WaveCards.Recipient(wave, culture), ProtocolJson.Options);
        var bytes = WaveCards.LargestBytes(wave, culture);
        return TypedResults.Ok(new PreviewView(WaveTexts.LanguageOf(culture), card, bytes, AdaptiveCard.MaxMessageBytes, bytes <= AdaptiveCard.MaxMessageBytes));
    }
}

public sealed record CreatedView(string Id, int Recipients);

public sealed record WaveSummary(string Id, string Title, string State, DateTimeOffset CreatedUtc, int Recipients);

public sealed record WaveView(
    string Id,
    string Title,
    string State,
    DateTimeOffset? SendAtUtc,
    int? NudgeAfterHours,
    WaveAudience Audience,
    WaveCounts Counts,
    IReadOnlyList<ReasonCount> Reasons,
    IReadOnlyList<AnswerCount> Answers,
    IReadOnlyList<MinuteCount> Timeline);

/// <summary>The card a recipient reading <see cref="Locale"/> gets, and the largest message of the wave in that language against Teams' budget.</summary>
public sealed record PreviewView(string Locale, JsonElement Card, int Bytes, int LimitBytes, bool WithinLimit);
