using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

public static class TutoringExtensions
{
    public static IServiceCollection AddTutoring(this IServiceCollection services)
    {
        services.AddTables(SessionStore.Table, ReminderStore.Table);
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ReminderStore>();
        services.AddSingleton<TutoringCards>();
        services.AddScoped<SessionNotifier>();
        services.AddScoped<SessionCalendar>();
        services.AddScoped<ReminderDispatcher>();
        services.AddHostedService<ReminderWorker>();
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
