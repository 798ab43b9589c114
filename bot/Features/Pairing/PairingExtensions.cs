using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Storage;

namespace TutorBot.Features.Pairing;

public static class PairingExtensions
{
    /// <summary>Priority students, tutor suggestions, pairs and their follow-up.</summary>
    public static IServiceCollection AddPairing(this IServiceCollection services)
    {
        services.AddTables(PairingKeys.Table);
        services.AddSingleton<PairingStore>();
        services.AddSingleton<PairingDirectory>();
        services.AddSingleton<PairingSync>();
        services.AddSingleton<PairingParties>();
        services.AddSingleton<PairingCards>();
        services.AddSingleton<PairingMessenger>();
        services.AddSingleton<PairingFollowUps>();
        services.AddSingleton<Pairings>();
        services.AddSingleton<PairingSuggestions>();
        services.AddSingleton<IOutboxHandler, PairingSyncHandler>();
        services.AddSingleton<IOutboxHandler, IntroductionHandler>();
        services.AddSingleton<IOutboxHandler, EndRequestedHandler>();
        services.AddSingleton<IOutboxHandler, EndDecisionHandler>();
        services.AddSingleton<IOutboxHandler, FollowUpHandler>();
        foreach (var kind in new[] { PairingRowKinds.Ended, PairingRowKinds.Declined })
        {
            services.AddSingleton<IOutboxHandler>(sp => ActivatorUtilities.CreateInstance<PairOutcomeHandler>(sp, kind));
        }

        services.AddScoped<ICardActionHandler, PairingActions>();
        return services;
    }
}
