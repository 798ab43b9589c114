using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace TutorBot.Features.Roster;

public sealed record ImportProblem(int Line, string? Column, string Code, string Message);

public sealed record ImportReport(bool DryRun, int Total, int New, int Changed, int Unchanged, IReadOnlyList<ImportProblem> Problems, string? JobId, IReadOnlyList<ImportPair>? Pairs = null);

public sealed record JobView(string Id, string State, int Total, int Done, int New, int Changed, int Unchanged, string? Error);

/// <summary><c>POST /api/roster/import</c> and the job's progress.</summary>
public static class RosterImportApi
{
    public static void MapRosterImport(this RouteGroupBuilder group)
    {
        group.MapPost("/import", ImportAsync).DisableAntiforgery();
        group.MapGet("/jobs/{id}", async Task<Results<Ok<JobView>, NotFound, ForbidHttpResult>> (string id, HttpContext http, RosterJobs jobs, CancellationToken cancellationToken) =>
        {
            if (!Caller(http).IsCoordinator)
            {
                return TypedResults.Forbid();
            }

            return await jobs.GetAsync(id, cancellationToken) is { } j
                ? TypedResults.Ok(new JobView(j.Id, j.State, j.Total, j.Done, j.New, j.Changed, j.Unchanged, j.Error))
                : TypedResults.NotFound();
        });
    }

    internal static RosterCaller Caller(HttpContext http) => (RosterCaller)http.Items[typeof(RosterCaller)]!;

    /// <summary>
    /// A dry run (the default) reads and checks the file and says what an import would do; with
    /// <c>dryRun=false</c> a file without problems becomes a job, and the answer points at its progress.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, Accepted<ImportReport>, ProblemHttpResult, ForbidHttpResult>> ImportAsync(
        HttpContext http,
        IFormFile? file,
        RosterImportStore store,
        RosterJobs jobs,
        RosterImportWorker worker,
        IOptions<RosterOptions> options,
        CancellationToken cancellationToken,
        bool dryRun = true)
    {
        if (!Caller(http).IsCoordinator)
        {
            return TypedResults.Forbid();
        }

        var culture = RosterStrings.CultureOf(http.Request);
        var max = options.Value.MaxUploadBytes;
        if (file is null)
        {
            return Refused(new RosterProblem(0, null, "Empty"), culture, 400);
        }

        if (file.Length > max)
        {
            return Refused(new RosterProblem(0, null, "TooLarge", (max / 1024).ToString(CultureInfo.InvariantCulture)), culture, 413);
        }

        byte[] content;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        var raw = RosterFile.Read(content, max);
        if (raw.Refusal is { } refusal)
        {
            return Refused(refusal, culture, refusal.Code switch { "TooLarge" => 413, "WrongType" => 415, _ => 400 });
        }

        var plan = RosterValidator.Validate(raw, await store.SnapshotAsync(raw, cancellationToken));
        var problems = plan.Problems.Select(p => new ImportProblem(p.Line, p.Column, p.Code, RosterStrings.Describe(p, culture))).ToList();
        var report = new ImportReport(dryRun, plan.Total, plan.Count(ItemStatus.New), plan.Count(ItemStatus.Changed), plan.Count(ItemStatus.Unchanged), problems, null);
        if (dryRun)
        {
            // The pairs the tutor column asks for, judged by the pairing rules (proposals and refusals by line).
            var pairs = problems.Count == 0 && http.RequestServices.GetService<IImportPairs>() is { } pairing ? await pairing.ProposeAsync(plan, culture, cancellationToken) : null;
            return TypedResults.Ok(report with { Pairs = pairs });
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem(
                title: RosterStrings.Get("Problem_Title_Problems", culture),
                statusCode: 422,
                extensions: new Dictionary<string, object?> { ["problems"] = problems, ["total"] = plan.Total });
        }

        if (plan.Count(ItemStatus.Unchanged) == plan.Total && plan.Classes.Count == 0 && plan.NewOrganisations.Count == 0)
        {
            // Nothing to write: the same file again.
            return TypedResults.Ok(report);
        }

        var id = await jobs.CreateAsync(content, plan, cancellationToken);
        worker.Enqueue(id);
        return TypedResults.Accepted($"/api/roster/jobs/{id}", report with { JobId = id });
    }

    private static ProblemHttpResult Refused(RosterProblem problem, CultureInfo culture, int status) => TypedResults.Problem(
        title: RosterStrings.Get("Problem_Title_Refused", culture),
        detail: RosterStrings.Describe(problem, culture),
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["code"] = problem.Code });
}
