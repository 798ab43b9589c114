namespace TutorBot.Features.Programme;

public static class ProgrammeExtensions
{
    public static IServiceCollection AddProgramme(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<ProgrammeStore>();
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
