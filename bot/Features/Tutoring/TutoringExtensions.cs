using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

public static class TutoringExtensions
{
    /// <summary>The tutoring feature: its store, clicks and commands, and its outbox kinds (reminders, cards to the other side, edits, calendar).</summary>
    public static IServiceCollection AddTutoring(this IServiceCollection services)
    {
        services.AddTable(SessionStore.Table, new(
            "PartitionKey = student person id; TutorId; Reason, RatingComment, PlaceDetail (free text); conversation and card ids of both sides; CalendarOrganizer, EventsToCancel (tutor mailbox)",
            "the school year plus Privacy:SchoolYearRetention, then reduced to the annual aggregates (PrivacyAggregates)",
            "student: each session moves to an anonymous partition keeping tutor, date, duration, place, status, log and rating, free text and ids dropped; tutor: TutorId becomes 'erased', the tutor's ids and free text dropped"));
        services.AddPersonalData<SessionPersonalData>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionParties>();
        services.AddSingleton<TutoringCards>();
        services.AddScoped<SessionNotifier>();
        services.AddScoped<SessionCalendar>();
        services.AddScoped<IOutboxHandler, ReminderHandler>();
        services.AddScoped<IOutboxHandler, TellHandler>();
        services.AddScoped<IOutboxHandler, EditHandler>();
        services.AddScoped<IOutboxHandler, CalendarHandler>();
        services.AddScoped<IOutboxHandler, InvitationHandler>();
        services.AddSingleton<IIcsSource, SessionIcsSource>();
        services.AddScoped<TutoringActions>();
        services.AddScoped<IMessageCommand>(sp => sp.GetRequiredService<TutoringActions>());
        services.AddScoped<ICardActionHandler>(sp => sp.GetRequiredService<TutoringActions>());
        services.AddScoped<HistoryCommand>();
        services.AddScoped<IMessageCommand>(sp => sp.GetRequiredService<HistoryCommand>());
        services.AddScoped<ICardActionHandler>(sp => sp.GetRequiredService<HistoryCommand>());
        return services;
    }
}
