using TutorBot.Storage;

namespace TutorBot.Features.Programme;

public static class ProgrammeExtensions
{
    public static IServiceCollection AddProgramme(this IServiceCollection services)
    {
        services.AddOptions<ProgrammeOptions>().BindConfiguration(ProgrammeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTables(Tables.Programme);
        services.AddMemoryCache();
        services.AddSingleton<ProgrammeStore>();
        services.AddSingleton<TutorBot.Conversation.ISenderDirectory, ProgrammeSenders>();
        return services;
    }
}
