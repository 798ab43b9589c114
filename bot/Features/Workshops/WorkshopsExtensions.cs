using Microsoft.Extensions.Localization;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

public static class WorkshopsExtensions
{
    /// <summary>Workshops: the store (visits share it), the cards and commands, the outbox kinds of their cards.</summary>
    public static IServiceCollection AddWorkshops(this IServiceCollection services)
    {
        services.AddTable(WorkshopStore.Table, new(
            "reg:/att:/spk: rows keyed and PersonId by person id; Presence.By, Speaker.DecidedBy, CreatedBy, HostId (person ids); HostMailbox; sent: rows keyed by recipient person id",
            "the school year plus Privacy:SchoolYearRetention, then the workshop keeps its counts and its rows are deleted",
            "registrations, presences and speaker rows re-keyed to an anonymous id (counts kept); sent: rows deleted; By, DecidedBy, CreatedBy, HostId, HostMailbox cleared"));
        services.AddPersonalData<WorkshopPersonalData>();
        services.AddSingleton<WorkshopStore>();
        services.AddSingleton<SchoolDirectory>();
        services.AddSingleton<WorkshopAudience>();
        services.AddSingleton<WorkshopCards>();
        services.AddSingleton<SpeakerCards>();
        services.AddSingleton<WorkshopMessenger>();
        services.AddSingleton<IOutboxHandler, AnnounceHandler>();
        services.AddSingleton<IOutboxHandler, InviteHandler>();
        services.AddSingleton<IOutboxHandler, PromotedHandler>();
        services.AddSingleton<IOutboxHandler, SpeakerOfferedHandler>();
        services.AddSingleton<IOutboxHandler, SpeakerRequestHandler>();
        services.AddSingleton<IOutboxHandler, SpeakerDecidedHandler>();
        services.AddScoped<ICardActionHandler, WorkshopActions>();
        services.AddScoped<ICardActionHandler, SpeakerActions>();
        services.AddScoped<WorkshopLists>();
        services.AddScoped<ICardActionHandler, WorkshopListActions>();
        services.AddScoped<IMessageCommand, PublishCommand>();
        services.AddScoped<IMessageCommand>(sp => List(sp, ["ateliers", "atelier", "workshops", "workshop"], "Help_Workshops", WorkshopListCommand.Workshops));
        services.AddScoped<IMessageCommand>(sp => List(sp, ["intervenants", "speakers"], "Help_Speakers", WorkshopListCommand.LackingSpeakers));
        return services;
    }

    internal static WorkshopListCommand List(IServiceProvider sp, string[] keywords, string helpKey, string scope) => new(
        keywords,
        helpKey,
        scope,
        sp.GetRequiredService<ProgrammeStore>(),
        sp.GetRequiredService<WorkshopLists>(),
        sp.GetRequiredService<WorkshopCards>(),
        sp.GetRequiredService<IStringLocalizer<WorkshopStrings>>());
}
