using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Cards;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Waves;

/// <summary>Send, pause, resume, cancel (each one write under the wave's ETag; 409 when its state does not allow it) and the CSV.</summary>
public static partial class WavesApi
{
    private static void MapControls(RouteGroupBuilder group)
    {
        group.MapPost("/{id}/send", SendAsync);
        group.MapPost("/{id}/pause", (string id, HttpContext http, WaveStore waves, WaveComposer composer, CancellationToken ct) => ChangeAsync(id, http, waves, (w, c) => composer.PauseAsync(w, c), ct));
        group.MapPost("/{id}/resume", (string id, HttpContext http, WaveStore waves, WaveComposer composer, CancellationToken ct) => ChangeAsync(id, http, waves, (w, c) => composer.ResumeAsync(w, c), ct));
        group.MapPost("/{id}/cancel", (string id, HttpContext http, WaveStore waves, WaveComposer composer, CancellationToken ct) => ChangeAsync(id, http, waves, (w, c) => composer.CancelAsync(w, c), ct));
        group.MapGet("/{id}/recipients.csv", CsvAsync);
    }

    /// <summary><c>at</c> is a Paris wall time (<c>2026-12-07T18:00</c>), in the future; null sends now.</summary>
    private static async Task<Results<Accepted<StateView>, NotFound, ValidationProblem, ProblemHttpResult>> SendAsync(
        string id, SendRequest? request, HttpContext http, WaveStore waves, WaveComposer composer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await waves.GetAsync(id, cancellationToken) is not { } wave)
        {
            return TypedResults.NotFound();
        }

        if (!MaySee(Author(http), wave))
        {
            return Forbidden(http);
        }

        DateTimeOffset? at = null;
        if (request?.At is { Length: > 0 } text)
        {
            at = DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? ParisInput.FromParis(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local))
                : null;
            if (at is null || at <= clock.GetUtcNow())
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["at"] = ["a future Paris time, yyyy-MM-ddTHH:mm"] });
            }
        }

        return await composer.SendAsync(wave, at, cancellationToken) is { } sent
            ? TypedResults.Accepted($"/api/waves/{id}", new StateView(sent.State))
            : Conflict(http, wave);
    }

    private static async Task<Results<Ok<StateView>, NotFound, ProblemHttpResult>> ChangeAsync(
        string id, HttpContext http, WaveStore waves, Func<Wave, CancellationToken, Task<Wave?>> change, CancellationToken cancellationToken)
    {
        if (await waves.GetAsync(id, cancellationToken) is not { } wave)
        {
            return TypedResults.NotFound();
        }

        if (!MaySee(Author(http), wave))
        {
            return Forbidden(http);
        }

        return await change(wave, cancellationToken) is { } changed ? TypedResults.Ok(new StateView(changed.State)) : Conflict(http, wave);
    }

    private static ProblemHttpResult Conflict(HttpContext http, Wave wave) => TypedResults.Problem(
        string.Format(RosterStrings.CultureOf(http.Request), WaveTexts.Get("Api_Conflict", http.Request), WaveTexts.Get("State_" + wave.State, http.Request)),
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["state"] = wave.State });

    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> CsvAsync(string id, HttpContext http, WaveStore waves, CancellationToken cancellationToken)
    {
        if (await waves.GetAsync(id, cancellationToken) is not { } wave)
        {
            return TypedResults.NotFound();
        }

        if (!MaySee(Author(http), wave))
        {
            return Forbidden(http);
        }

        var language = WaveTexts.LanguageOf(RosterStrings.CultureOf(http.Request));
        var csv = WaveCsv.Write(wave, await waves.RecipientsAsync(wave.Id, cancellationToken), language);
        return TypedResults.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", $"wave-{wave.Id}.csv");
    }
}

public sealed record SendRequest(string? At);

public sealed record StateView(string State);
