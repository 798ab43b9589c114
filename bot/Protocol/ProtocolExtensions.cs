using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using TutorBot.Hosting;
using TutorBot.Protocol.Auth;
using TutorBot.Protocol.Connector;

namespace TutorBot.Protocol;

public static class ProtocolExtensions
{
    public static IServiceCollection AddBotProtocol(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BotAuthOptions>().BindConfiguration(BotAuthOptions.Section)
            .Validate(o => !o.AllowAnonymousLoopback || environment.IsDevelopment(),
                "Bot:Auth:AllowAnonymousLoopback is for the Agents Playground only: it is refused outside the Development environment.")
            .ValidateOnStart();
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section)
            .Validate(o => o.Credential != "None" || environment.IsDevelopment(),
                "Bot:Connector:Credential None (no outbound token) is for the Agents Playground only: choose ClientSecret, Certificate or UserAssignedMSI.")
            .ValidateOnStart();

        services.AddSingleton<OpenIdMetadataCache>();
        services.AddSingleton<BotTokenValidator>();
        services.AddSingleton<ServiceUrlRegistry>();
        services.AddSingleton(sp => new ConnectorTokenProvider(
            sp.GetRequiredService<IOptions<ConnectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Azure.Core.TokenCredential>()));

        // Metadata reads retry like any external call, but briefly: a request is waiting on them.
        services.AddHttpClient(OpenIdMetadataCache.HttpClientName).AddResilienceHandler("openid", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200), UseJitter = true })
            .AddTimeout(TimeSpan.FromSeconds(5)));

        // The throttle handler is added after the resilience handler, so it sits under it and sees every try.
        services.AddTransient<ConnectorThrottleHandler>();
        var connector = services.AddHttpClient<IConnector, ConnectorClient>();
        connector.AddConnectorResilience();
        connector.AddHttpMessageHandler<ConnectorThrottleHandler>();
        connector.AddHttpMessageHandler(sp => new ResponseCounter(sp.GetRequiredService<TutorBotMetrics>().ConnectorResponses));
        return services;
    }
}
