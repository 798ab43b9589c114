using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>The tutors' directory (coordinators only): list, refresh from the roster, pairing profile.</summary>
public static partial class PairingApi
{
    private static void MapTutors(RouteGroupBuilder group)
    {
        group.MapGet("/tutors", async Task<Results<Ok<List<PairingTutor>>, ForbidHttpResult>> (HttpContext http, PairingStore store, CancellationToken cancellationToken) =>
            Caller(http).IsCoordinator ? TypedResults.Ok((await store.TutorsAsync(cancellationToken)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList()) : TypedResults.Forbid());

        group.MapPost("/tutors/refresh", async Task<Results<Ok<int>, ForbidHttpResult>> (HttpContext http, PairingDirectory directory, CancellationToken cancellationToken) =>
            Caller(http).IsCoordinator ? TypedResults.Ok(await directory.RefreshAllAsync(cancellationToken)) : TypedResults.Forbid());

        group.MapPut("/tutors/{tutorId}/profile", ProfileAsync);
    }

    /// <summary>The fields (streams) a tutor can speak for and where they work: what "same stream" and "near the school" compare.</summary>
    private static async Task<Results<Ok<PairingTutor>, NotFound, ForbidHttpResult, ValidationProblem>> ProfileAsync(
        string tutorId, TutorProfileRequest request, HttpContext http, PairingStore store, CancellationToken cancellationToken)
    {
        if (!Caller(http).IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        var fields = (request.Fields ?? []).Select(f => Curriculum.Canonical(Curriculum.Streams, f)).ToList();
        var errors = new Dictionary<string, string[]>();
        if (fields.Any(f => f is null))
        {
            errors["fields"] = Curriculum.Streams;
        }

        if (request.City is { Length: > 80 } || request.Academy is { Length: > 80 })
        {
            errors["city"] = ["80"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await store.TutorAsync(tutorId, cancellationToken) is not { } tutor)
        {
            return TypedResults.NotFound();
        }

        var after = tutor with { Fields = [.. fields.OfType<string>().Distinct()], City = Blank(request.City), Academy = Blank(request.Academy) };
        await store.UpsertTutorAsync(after, cancellationToken);
        return TypedResults.Ok(after);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
