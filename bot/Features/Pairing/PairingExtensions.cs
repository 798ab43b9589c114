using TutorBot.Storage;

namespace TutorBot.Features.Pairing;

public static class PairingExtensions
{
    /// <summary>Priority students, tutor suggestions, pairs and their follow-up.</summary>
    public static IServiceCollection AddPairing(this IServiceCollection services)
    {
        services.AddTables(PairingKeys.Table);
        services.AddSingleton<PairingStore>();
        return services;
    }
}
