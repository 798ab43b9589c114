using TutorBot.Conversation;

namespace TutorBot.Features.Welcome;

public static class WelcomeExtensions
{
    /// <summary>The welcome and help cards, and the language command.</summary>
    public static IServiceCollection AddWelcome(this IServiceCollection services)
    {
        services.AddSingleton<HelpCards>();
        services.AddSingleton<IHelpCards>(sp => sp.GetRequiredService<HelpCards>());
        services.AddScoped<IMessageCommand, LanguageCommand>();
        return services;
    }
}
