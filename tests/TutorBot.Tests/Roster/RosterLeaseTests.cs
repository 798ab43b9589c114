using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Roster;

/// <summary>Two instances on one storage: one runs an import job at a time; the other takes over when the lease runs out.</summary>
[TestClass]
public sealed class RosterLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [TestMethod]
    public async Task AnotherInstanceTakesAJobOverOnlyWhenTheLeaseRunsOutAndTheHungOneWritesNothingMore()
    {
        const int Students = 400;
        var lines = new List<string>
        {
            "type;prenom;nom;upn_email;uai;academie;ville;classe;niveau;filiere",
            "établissement;;Lycée Bail;;0130077B;Aix-Marseille;Marseille;;;",
        };
        lines.AddRange(Enumerable.Range(0, Students).Select(i => $"élève;Élève{i};Bail{i:D4};bail{i}@ex.example;0130077B;;;1re STL {i % 3};1re;STL"));
        var file = RosterKit.Csv([.. lines]);
        var settings = new Dictionary<string, string?> { ["Roster:ImportLease"] = "00:00:02" };

        // Instance A hangs right after its first window (a stuck process: its lease is no longer renewed).
        var hung = new HangingObserver();
        await using var a = await RosterKit.StartAsync(settings, s => s.AddSingleton<IRosterImportObserver>(hung));
        var response = await a.ImportAsync(file, dryRun: false);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        await hung.Paused.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var pausedAt = DateTimeOffset.UtcNow;

        // Instance B, running beside it on the same storage, waits for the lease, then resumes from the stored progress.
        var b = new TimedObserver();
        await using var second = await RosterKit.StartAsync(new(settings) { ["Storage:TablePrefix"] = a.S.App.TablePrefix }, s => s.AddSingleton<IRosterImportObserver>(b));
        second.S.App.KeepStorage = true;
        var done = await second.WaitForJobAsync(jobId);

        Assert.AreEqual(JobStates.Done, done.GetProperty("state").GetString(), done.ToString());
        Assert.AreEqual(200, b.Windows.Keys.Min(), "resumed after A's window, not from the start");
        Assert.IsTrue(b.Windows.Values.Min() >= pausedAt + Lease - TimeSpan.FromMilliseconds(500), "B waited for A's lease to run out");

        // A wakes up: its lease is gone, so it writes nothing more and leaves the job as B finished it.
        hung.Release.SetResult();
        await WaitAsync(() => a.S.App.Logs.Entries.Any(e => e.Event.Id == 1106), "A to learn it lost the job");
        var after = await (await second.GetAsync($"/api/roster/jobs/{jobId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(JobStates.Done, after.GetProperty("state").GetString());
        Assert.AreEqual(1, hung.Windows, "A wrote one window only");
        Assert.AreEqual(Students, await RosterApiTests.CountAsync(second.S.App.Table(RosterKeys.PeopleTable), "s|0130077B"), "each student once");
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.IsTrue(DateTime.UtcNow < until, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>Hangs after the first window until released, ignoring the host's stop (as a stuck process would).</summary>
    private sealed class HangingObserver : IRosterImportObserver
    {
        private int _windows;

        public int Windows => _windows;

        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WindowWrittenAsync(string jobId, int done, int total, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _windows) == 1)
            {
                Paused.TrySetResult();
                await Release.Task;
            }
        }
    }

    private sealed class TimedObserver : IRosterImportObserver
    {
        public ConcurrentDictionary<int, DateTimeOffset> Windows { get; } = new();

        public Task WindowWrittenAsync(string jobId, int done, int total, CancellationToken cancellationToken)
        {
            Windows[done] = DateTimeOffset.UtcNow;
            return Task.CompletedTask;
        }
    }
}
