using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Roster;

/// <summary>An import cut by a restart resumes from its stored progress on the next instance, without duplicates.</summary>
[TestClass]
public sealed class RosterRestartTests
{
    [TestMethod]
    public async Task AnImportCutByARestartResumesWithoutDuplicates()
    {
        const int Students = 600;
        var lines = new List<string>
        {
            "type;prenom;nom;upn_email;uai;academie;ville;classe;niveau;filiere",
            "établissement;;Lycée Test;;0130042T;Aix-Marseille;Marseille;;;",
        };
        lines.AddRange(Enumerable.Range(0, Students).Select(i => $"élève;Élève{i};Nom{i:D4};eleve{i}@ex.example;0130042T;;;1re STL {i % 3};1re;STL"));
        var file = RosterKit.Csv([.. lines]);

        // First instance: stops (as a deploy would) right after its first window of 100 rows is stored.
        var first = new PausingObserver(pauseAfter: 1);
        string prefix, jobId;
        await using (var a = await RosterKit.StartAsync(services: s => s.AddSingleton<IRosterImportObserver>(first)))
        {
            a.S.App.KeepStorage = true;
            prefix = a.S.App.TablePrefix;
            var response = await a.ImportAsync(file, dryRun: false);
            jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
            await first.Paused.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var job = await (await a.GetAsync($"/api/roster/jobs/{jobId}")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.AreEqual(JobStates.Pending, job.GetProperty("state").GetString());
            Assert.AreEqual(100, job.GetProperty("done").GetInt32());
        }

        // Second instance on the same storage picks the job up where it stopped.
        var second = new PausingObserver(pauseAfter: int.MaxValue);
        await using var b = await RosterKit.StartAsync(new() { ["Storage:TablePrefix"] = prefix }, s => s.AddSingleton<IRosterImportObserver>(second));
        var done = await b.WaitForJobAsync(jobId);

        Assert.AreEqual(JobStates.Done, done.GetProperty("state").GetString(), done.ToString());
        Assert.AreEqual(Students + 1, done.GetProperty("done").GetInt32());
        Assert.AreEqual(200, second.Windows.Min(), "resumed from the stored progress, not from the start");
        Assert.AreEqual(Students, await RosterApiTests.CountAsync(b.S.App.Table(RosterKeys.PeopleTable), "s|0130042T"), "each student once");
        Assert.AreEqual(Students + 1, await RosterApiTests.CountAsync(b.S.App.Table(RosterKeys.IndexTable), "u|"), "one login row each, and the coordinator's");
        var again = await (await b.ImportAsync(file, dryRun: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(Students + 1, again.GetProperty("unchanged").GetInt32(), "everything was written, once");
    }

    private sealed class PausingObserver(int pauseAfter) : IRosterImportObserver
    {
        public ConcurrentBag<int> Windows { get; } = [];

        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WindowWrittenAsync(string jobId, int done, int total, CancellationToken cancellationToken)
        {
            Windows.Add(done);
            if (Windows.Count >= pauseAfter)
            {
                Paused.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }
}
