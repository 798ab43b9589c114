namespace TutorBot.Demo;

/// <summary>The local run's demo: its data, seeded at start when <c>Demo:Seed</c> is on, and its side-by-side page.</summary>
public static class DemoExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddSingleton<IDemoSeed, TutoringDemoSeed>();
        services.AddSingleton<IDemoSeed, WorkshopDemoSeed>();
        services.AddSingleton<IDemoSeed, RosterDemoSeed>();
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
