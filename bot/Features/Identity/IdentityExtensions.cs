using TutorBot.Conversation;
using TutorBot.Delivery;

namespace TutorBot.Features.Identity;

public static class IdentityExtensions
{
    /// <summary>Teams identity linking: the turn side, the member lookup's outbox kind, its cards.</summary>
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.AddSingleton<IdentityCards>();
        services.AddSingleton<IdentityLinker>();
        services.AddSingleton<IUnknownSenders>(sp => sp.GetRequiredService<IdentityLinker>());

        // Scoped: it reads the commands (scoped) to write the welcome of the person's role.
        services.AddScoped<IOutboxHandler, MemberLookupHandler>();

        // Proactive installation through Graph, behind Roster:ProactiveInstall.
        services.AddSingleton<ProactiveInstall>();
        services.AddSingleton<IOutboxHandler, InstallHandler>();
        return services;
    }
}
