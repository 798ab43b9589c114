namespace TutorBot.Demo;

/// <summary>The local run's demo: its data, seeded at start when <c>Demo:Seed</c> is on, and its side-by-side page.</summary>
public static class DemoExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        // The roster first: the other seeds point at its people and classes.
        services.AddSingleton<IDemoSeed, RosterDemoSeed>();
        services.AddSingleton<IDemoSeed, TutoringDemoSeed>();
        services.AddSingleton<IDemoSeed, WorkshopDemoSeed>();
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
