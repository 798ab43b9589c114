using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Privacy;

public static class PrivacyExtensions
{
    /// <summary>Export and erasure of one person, the retention job, and the tables that record them.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section)
            .Validate(o => o.SchoolYearRetention > TimeSpan.Zero && o.RecordRetention > TimeSpan.Zero && o.Lease > TimeSpan.Zero, "Privacy periods must be positive.")
            .ValidateOnStart();
        services.AddTable(PrivacyStore.Table, new(
            "erasure rows: RequestedBy (coordinator person id), the salted hash of the erased person id, and while the job runs its Subject (ids, names, login) dropped when it ends; audit rows: By (person id), SubjectHash",
            "Privacy:RecordRetention after the export or erasure",
            "the person's own records keep their hash; records a coordinator made get an anonymous id in By / RequestedBy"));
        services.AddTable(AnnualAggregates.Table, PersonalData.None("the annual report's counts per school year, kept"));
        services.AddSingleton<PrivacyStore>();
        services.AddSingleton<PrivacySubjects>();
        services.AddSingleton<ErasureRunner>();
        services.AddHostedService<ErasureRunner.Worker>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => new RetentionJob.Worker(
            sp.GetRequiredService<RetentionJob>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RetentionJob>>()));
        services.AddPersonalData<PrivacyRecordsPersonalData>();
        return services;
    }
}
