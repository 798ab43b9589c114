namespace TutorBot.Demo;

/// <summary>A part of the local run's demo data, seeded at start in registration order; must be idempotent.</summary>
public interface IDemoSeed
{
    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Seeds the local run at start when <c>Demo:Seed</c> is true and <c>Demo:RosterFile</c> names the roster its people
/// come from (run.sh and the browser suites): the roster first (imported through the import path), then the
/// features' seeds, which point at its ids. Without a roster file nothing is seeded: the MSTest suite seeds its own
/// fixture programme. Idempotent, so a rerun is harmless.
/// </summary>
public sealed class DemoSeeder(IEnumerable<IDemoSeed> seeds, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("Demo:Seed") || string.IsNullOrEmpty(configuration["Demo:RosterFile"]))
        {
            return;
        }

        foreach (var seed in seeds)
        {
            await seed.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
