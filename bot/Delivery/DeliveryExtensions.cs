using TutorBot.Hosting;
using TutorBot.Privacy;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

namespace TutorBot.Delivery;

public static class DeliveryExtensions
{
    /// <summary>
    /// The outbox, its worker and the shared limiter. A feature plugs in with a kind and a handler:
    /// <c>services.AddSingleton&lt;IOutboxHandler, MyHandler&gt;()</c>, then plans rows with <see cref="OutboxStore"/>.
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddTable(OutboxStore.Table, new(
            "RecipientId (person id), Key and Payload (person ids of the thing it is about), ConversationId",
            "until run: each row ends Sent, Never, Uncertain or Dropped within Delivery:MaxAttempts and moves to OutboxDone",
            "delete every row whose recipient, key or payload names the person"));
        services.AddTable(OutboxStore.DoneTable, new(
            "as Outbox: RecipientId, Key, Payload, ConversationId, ActivityId",
            "Delivery:DoneRetention after it finished",
            "delete every row whose recipient, key or payload names the person"));
        services.AddTable(DeliveryLimiter.Table, PersonalData.None("one budget row per tenant and one per conversation (keyed by a SHA-256 of the conversation id: send times of the last 30 s), overwritten; idle conversation rows purged after an hour"));
        services.AddPersonalData<OutboxPersonalData>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MaxRetryDelay >= o.RetryBaseDelay, "Delivery:MaxRetryDelay must be at least Delivery:RetryBaseDelay.")
            .ValidateOnStart();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<DeliveryLimiter>();
        services.AddSingleton<SendSlots>();
        services.AddSingleton<IConnectorThrottleObserver>(sp => sp.GetRequiredService<DeliveryLimiter>());
        services.AddScoped<OutboxDispatcher>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<DeliveryWorker>());
        return services;
    }
}
