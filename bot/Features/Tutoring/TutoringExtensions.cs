using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

public static class TutoringExtensions
{
    public static IServiceCollection AddTutoring(this IServiceCollection services)
    {
        services.AddSingleton<SessionStore>();
        services.AddSingleton<TutoringCards>();
        services.AddScoped<TutoringActions>();
        services.AddScoped<IMessageCommand>(sp => sp.GetRequiredService<TutoringActions>());
        services.AddScoped<ICardActionHandler>(sp => sp.GetRequiredService<TutoringActions>());
        return services;
    }
}
