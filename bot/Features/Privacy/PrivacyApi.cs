using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TutorBot.Features.Roster;
using TutorBot.Storage;

namespace TutorBot.Features.Privacy;

/// <summary>The person an export or erasure is about: a Programme person id or a roster reference (<c>s-UAI/id</c>).</summary>
public sealed record ErasureRequest(string? Person);

/// <summary>An erasure as the coordinator page shows it: never whom it erased.</summary>
public sealed record ErasureView(string Id, string State, IReadOnlyList<string> Steps, int TotalSteps, DateTimeOffset RequestedUtc, DateTimeOffset? FinishedUtc);

/// <summary>One register entry: a table or container, what identifies whom, how long, how it is erased.</summary>
public sealed record RegisterEntry(string Name, string Identifies, string Retention, string Erase);

/// <summary>
/// <c>/api/privacy</c>: export and erasure of one person, for coordinators only (roles from the roster, never the
/// token: anyone else gets 403). Each export and erasure is recorded (who, when, the salted hash of the person id).
/// </summary>
public static class PrivacyApi
{
    public const string ExportFormat = "tutorbot-export/1";

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/privacy").RequireAuthorization(RosterAuth.Policy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = await RosterCaller.ResolveAsync(http.User, http.RequestServices.GetRequiredService<RosterStore>(), http.RequestAborted);
            if (caller is not { IsCoordinator: true })
            {
                return TypedResults.Forbid();
            }

            http.Items[typeof(RosterCaller)] = caller;
            return await next(context);
        });

        group.MapGet("/export", ExportAsync);
        group.MapPost("/erasures", EraseAsync);
        group.MapGet("/erasures/{id}", async Task<Results<Ok<ErasureView>, ProblemHttpResult>> (string id, PrivacyStore store, ErasureRunner runner, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken) is { } job ? TypedResults.Ok(View(job, runner)) : NotFound());
        group.MapGet("/register", (IOptions<StorageLayout> layout) =>
            TypedResults.Ok(layout.Value.Register.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new RegisterEntry(r.Key, r.Value.Identifies, r.Value.Retention, r.Value.Erase)).ToList()));
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string? person, HttpContext http, PrivacySubjects subjects, ErasureRunner runner, PrivacyStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(person))
        {
            return TypedResults.Problem(statusCode: 400, title: "Person missing", detail: "Name the person to export: ?person=<id>.");
        }

        if (await subjects.ResolveAsync(person.Trim(), cancellationToken) is not { } found)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var stores = new JsonObject();
        foreach (var step in runner.Steps)
        {
            stores[step.Name] = await step.ExportAsync(found.Subject, cancellationToken);
        }

        await store.AuditAsync("export", Caller(http), found.Hash, now, cancellationToken);
        var records = new JsonArray();
        foreach (var e in await store.AuditOfAsync(found.Hash, cancellationToken))
        {
            records.Add(new JsonObject { ["action"] = e.GetString("Action"), ["atUtc"] = e.GetDateTimeOffset("AtUtc") });
        }

        stores["privacy"] = records;
        var document = new JsonObject
        {
            ["format"] = ExportFormat,
            ["exportedUtc"] = now,
            ["person"] = new JsonObject
            {
                ["personId"] = found.Subject.PersonId,
                ["rosterRef"] = found.Subject.RosterPartition is { } p ? p.Replace('|', '-') + "/" + found.Subject.RosterId : null,
                ["role"] = found.Subject.Role,
            },
            ["stores"] = stores,
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerOptions.Web) { WriteIndented = true }));
        return TypedResults.File(bytes, "application/json", $"tutorbot-export-{found.Hash[..12]}.json");
    }

    private static async Task<Results<Accepted<ErasureView>, ProblemHttpResult>> EraseAsync(
        ErasureRequest? request, HttpContext http, PrivacySubjects subjects, PrivacyStore store, ErasureRunner runner, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Person))
        {
            return TypedResults.Problem(statusCode: 400, title: "Person missing", detail: "Name the person to erase: {\"person\": \"<id>\"}.");
        }

        if (await subjects.ResolveAsync(request.Person.Trim(), cancellationToken) is not { } found)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var job = await store.StartAsync(found.Hash, found.Subject, Caller(http), now, cancellationToken);
        await store.AuditAsync("erase", Caller(http), found.Hash, now, cancellationToken);
        runner.Enqueue(job.Id);
        return TypedResults.Accepted($"/api/privacy/erasures/{job.Id}", View(job, runner));
    }

    private static string Caller(HttpContext http) => ((RosterCaller)http.Items[typeof(RosterCaller)]!).Person.Id;

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Person not found", detail: "No stored person has this id: nothing is held on them, or they were erased.");

    private static ErasureView View(ErasureJob job, ErasureRunner runner) =>
        new(job.Id, job.State, job.Steps, runner.Steps.Count, job.RequestedUtc, job.FinishedUtc);
}
