using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

public static class TutoringExtensions
{
    public static IServiceCollection AddTutoring(this IServiceCollection services)
    {
        services.AddTables(SessionStore.Table);
        services.AddSingleton<SessionStore>();
        services.AddSingleton<TutoringCards>();
        services.AddScoped<TutoringActions>();
        services.AddScoped<IMessageCommand>(sp => sp.GetRequiredService<TutoringActions>());
        services.AddScoped<ICardActionHandler>(sp => sp.GetRequiredService<TutoringActions>());
        return services;
    }
}
