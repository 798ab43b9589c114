using TutorBot.Storage;

namespace TutorBot.Conversation;

public static class ConversationExtensions
{
    /// <summary>Turn dispatch, the conversation references every proactive card needs, and the card for a turn that failed.</summary>
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddTables(Tables.Conversations);
        services.AddSingleton<ConversationStore>();
        services.AddScoped<ActivityDispatcher>();
        services.AddSingleton<TurnFailures>();
        return services;
    }
}
