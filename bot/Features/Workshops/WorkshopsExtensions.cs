using Microsoft.Extensions.Localization;
using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.SiteVisits;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

public static class WorkshopsExtensions
{
    /// <summary>Workshops: the store (visits share it), the cards and commands, the fan-out worker.</summary>
    public static IServiceCollection AddWorkshops(this IServiceCollection services)
    {
        services.AddTables(WorkshopStore.Table, FanOutWorker.DeliveriesTable);
        services.AddQueues(FanOutQueue.Queue);
        services.AddOptions<WorkshopOptions>().BindConfiguration(WorkshopOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WorkshopStore>();
        services.AddSingleton<SchoolDirectory>();
        services.AddSingleton<FanOutQueue>();
        services.AddSingleton<WorkshopCards>();
        services.AddSingleton<SpeakerCards>();
        services.AddHostedService<FanOutWorker>();
        services.AddScoped<ICardActionHandler, WorkshopActions>();
        services.AddScoped<ICardActionHandler, SpeakerActions>();
        services.AddScoped<IMessageCommand, PublishCommand>();
        services.AddScoped<IMessageCommand>(sp => List(sp, ["ateliers", "atelier", "workshops", "workshop"], "Help_Workshops", WorkshopListCommand.Workshops));
        services.AddScoped<IMessageCommand>(sp => List(sp, ["intervenants", "speakers"], "Help_Speakers", WorkshopListCommand.LackingSpeakers));
        return services;
    }

    internal static WorkshopListCommand List(IServiceProvider sp, string[] keywords, string helpKey, string scope) => new(
        keywords,
        helpKey,
        scope,
        sp.GetRequiredService<WorkshopStore>(),
        sp.GetRequiredService<ProgrammeStore>(),
        sp.GetRequiredService<WorkshopCards>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<IStringLocalizer<WorkshopStrings>>());
}
