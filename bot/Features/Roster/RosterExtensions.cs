using Microsoft.Extensions.Options;
using TutorBot.Storage;

namespace TutorBot.Features.Roster;

public static class RosterExtensions
{
    public static IServiceCollection AddRoster(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddTables(RosterKeys.PeopleTable, RosterKeys.IndexTable, RosterKeys.PlacesTable, RosterKeys.JobsTable);
        services.AddOptions<RosterOptions>().BindConfiguration(RosterOptions.Section)
            .Validate(o => !o.LocalSignIn || environment.IsDevelopment(),
                "Roster:LocalSignIn is for the local demo only: it is refused outside the Development environment.")
            .Validate(o => o.MaxUploadBytes > 0 && o.ImportWindow > 0 && o.ImportLease > TimeSpan.Zero, "Roster:MaxUploadBytes, Roster:ImportWindow and Roster:ImportLease must be positive.")
            .Validate(o => !o.ProactiveInstall || !string.IsNullOrWhiteSpace(o.TeamsAppId), "Roster:ProactiveInstall needs Roster:TeamsAppId (the app's id in the Teams catalog).")
            .ValidateOnStart();
        services.AddSingleton<RosterStore>();
        services.AddSingleton<RosterPlaces>();
        services.AddSingleton<RosterImportStore>();
        services.AddSingleton<ProgrammeProjection>();
        services.AddSingleton<RosterJobs>();
        services.AddSingleton<IRosterImportObserver, LoggingImportObserver>();
        services.AddHostedService<RosterSeeder>();
        services.AddSingleton<RosterImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RosterImportWorker>());
        services.AddRosterAuth();
        return services;
    }
}
