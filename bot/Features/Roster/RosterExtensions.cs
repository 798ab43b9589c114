using Microsoft.Extensions.Options;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Roster;

public static class RosterExtensions
{
    public static IServiceCollection AddRoster(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddTable(RosterKeys.PeopleTable, new(
            "RowKey person id; FirstName, LastName (name), Login (mailbox/UPN), TutorLogin; class, level, stream, gender, scholarship, origin, language",
            "while the person is in the programme; removed by erasure",
            "delete the person; students whose TutorLogin is the person's login lose it"));
        services.AddTable(RosterKeys.IndexTable, new(
            "login rows (RowKey = login), name rows (RowKey = folded last name|person id), identity rows (object id -> person id), link rows (person id -> tenant, object id, TeamsUserId), install-state rows (i|{partition} / person id: State, AtUtc)",
            "as the person rows they index",
            "delete the person's login, name, identity and link rows"));
        services.AddTable(RosterKeys.PlacesTable, new(
            "organisation rows: CorrespondentName, CorrespondentEmail; schools, classes and agreements name nobody",
            "while the organisation is a partner",
            "clear CorrespondentName and CorrespondentEmail where the e-mail is the person's login"));
        services.AddTable(RosterKeys.JobsTable, new(
            "f| rows hold the uploaded roster file (names, logins) while its import runs; job rows hold counts only",
            "the file is deleted when its import ends; job rows are counts",
            "nothing per person: files exist only during an import"));
        services.AddOptions<RosterOptions>().BindConfiguration(RosterOptions.Section)
            .Validate(o => !o.LocalSignIn || environment.IsDevelopment(),
                "Roster:LocalSignIn is for the local demo only: it is refused outside the Development environment.")
            .Validate(o => o.MaxUploadBytes > 0 && o.ImportWindow > 0 && o.ImportLease > TimeSpan.Zero, "Roster:MaxUploadBytes, Roster:ImportWindow and Roster:ImportLease must be positive.")
            .Validate(o => !o.ProactiveInstall || !string.IsNullOrWhiteSpace(o.TeamsAppId), "Roster:ProactiveInstall needs Roster:TeamsAppId (the app's id in the Teams catalog).")
            .ValidateOnStart();
        services.AddSingleton<RosterStore>();
        services.AddSingleton<RosterPlaces>();
        services.AddPersonalData<RosterPersonalData>();
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
