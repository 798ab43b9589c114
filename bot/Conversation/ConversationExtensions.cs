using TutorBot.Privacy;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

namespace TutorBot.Conversation;

public static class ConversationExtensions
{
    /// <summary>Turn dispatch, the conversation references every proactive card needs, and the card for a turn that failed.</summary>
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddTable(Tables.Conversations, new(
            "PartitionKey = tenant, RowKey = Entra object id; ConversationId, UserId (Teams user id), ServiceUrl, Locale, Language; 'welcomed' rows keyed by conversation id; 'removed' rows (conversation id, object id) after an uninstall",
            "while the app is installed: deleted by installationUpdate remove",
            "delete the reference, its welcomed row and any removed rows"));
        services.AddSingleton<ConversationStore>();
        services.AddScoped<ActivityDispatcher>();
        services.AddSingleton<TurnFailures>();
        services.AddPersonalData<ConversationPersonalData>();

        // Every connector call of a feature goes through the uninstall check (the typed client stays underneath).
        var connector = services.Last(d => d.ServiceType == typeof(IConnector));
        services.Remove(connector);
        services.Add(ServiceDescriptor.Describe(
            typeof(IConnector),
            sp => new RemovedConversations((IConnector)connector.ImplementationFactory!(sp), sp.GetRequiredService<ConversationStore>()),
            connector.Lifetime));
        return services;
    }
}
