using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Privacy;
using TutorBot.Privacy;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Privacy;

/// <summary>A step that dies mid-job, as an instance stopped halfway would leave it.</summary>
public sealed class DyingStep : IPersonalData
{
    public string Name => "dying";

    public int Order => 50;

    public Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default) => Task.FromResult<JsonNode?>(null);

    public Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default) => throw new IOException("the instance went away");
}

[TestClass]
public sealed class ErasureResumeTests
{
    [TestMethod]
    public async Task AnErasureInterruptedHalfwayIsFinishedByTheNextStart()
    {
        var first = await RosterKit.StartAsync(PrivacyKit.Settings(), services => services.AddSingleton<IPersonalData, DyingStep>());
        string prefix, id;
        try
        {
            await PrivacyKit.SeedAsync(first.S.App, DateTimeOffset.UtcNow);
            prefix = first.S.App.TablePrefix;
            var response = await first.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = PrivacyKit.Lucas.Id }) }, first.CoordinatorToken);
            Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            // The steps before the dying one are done and recorded; it fails at each try; the profile is still there.
            var store = first.S.App.Services.GetRequiredService<PrivacyStore>();
            ErasureJob? job = null;
            var until = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < until && (job = await store.GetAsync(id))?.Steps.Contains("workshops") != true)
            {
                await Task.Delay(100);
            }

            Assert.AreEqual(ErasureStates.Running, job!.State);
            CollectionAssert.IsSubsetOf(new[] { "sessions", "workshops", "deliveries" }, job.Steps.ToList());
            CollectionAssert.DoesNotContain(job.Steps.ToList(), "programme");
            Assert.IsNotNull(job.Subject, "a running job keeps whom it erases");
            Assert.IsNotNull(await first.S.App.Services.GetRequiredService<TutorBot.Features.Programme.ProgrammeStore>().FindByAadObjectIdAsync(PrivacyKit.Lucas.TenantId, PrivacyKit.Lucas.AadObjectId));
            first.S.App.KeepStorage = true;
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The next start (without the dying step) finds the running job and finishes it.
        await using var second = await RosterKit.StartAsync(PrivacyKit.Settings(new() { ["Storage:TablePrefix"] = prefix }));
        var done = await PrivacyKit.WaitForErasureAsync(second, id);
        Assert.AreEqual("done", done.GetProperty("state").GetString(), done.ToString());
        var after = await PrivacyKit.ScanAsync(second.S.App);
        foreach (var mark in PrivacyKit.LucasMarks)
        {
            var left = after.Where(r => r.Contains(mark, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.AreEqual(0, left.Count, $"rows still naming {mark}:\n" + string.Join("\n", left));
        }

        // Run again: a finished job is not run twice, and steps done are not redone.
        var runner = second.S.App.Services.GetRequiredService<ErasureRunner>();
        var again = await runner.RunAsync(id);
        Assert.AreEqual(ErasureStates.Done, again!.State);
        Assert.IsNull(again.Subject, "a finished job no longer says whom it erased");
    }
}
