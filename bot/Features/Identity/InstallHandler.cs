using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using TutorBot.Delivery;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Identity;

/// <summary>
/// Runs <see cref="ProactiveInstall.Kind"/>: installs the app for one roster person through Graph
/// (<c>POST /users/{upn}/teamwork/installedApps</c>, PLATFORM.md §11), through the "graph" client's Polly pipeline.
/// 201 installed and 409 already installed are success (Teams then sends the installation update, and the person is
/// linked as on any first contact); 403 lists them as waiting for the tenant admin to grant
/// <see cref="RosterOptions.InstallPermission"/>; 404 (not a user of the tenant) as not reachable; 429 and 5xx
/// come back later, honouring Retry-After. People already linked or deactivated are dropped.
/// </summary>
public sealed partial class InstallHandler(
    GraphServiceClient graph,
    RosterStore roster,
    IOptions<RosterOptions> options,
    TimeProvider clock,
    ILogger<InstallHandler> logger) : IOutboxHandler
{
    private const string CatalogApp = "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/";

    public string Kind => ProactiveInstall.Kind;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var payload = row.Payload is null ? null : JsonSerializer.Deserialize<InstallPayload>(row.Payload);
        if (payload is null)
        {
            return DeliveryOutcome.Never("unreadable payload");
        }

        // The row is planned before its import window writes the person: not there yet is "later" (a window that
        // never gets written ends the row Never once its tries are spent); deactivated is dropped.
        if (await roster.GetAsync(payload.Partition, payload.PersonId, cancellationToken) is not { Person: var person })
        {
            return DeliveryOutcome.Later("person not written yet");
        }

        if (!person.Active)
        {
            return DeliveryOutcome.Dropped("deactivated");
        }

        if ((await roster.IdentityLinksAsync(payload.Partition, cancellationToken)).ContainsKey(person.Id))
        {
            return DeliveryOutcome.Dropped("already reaches the bot");
        }

        var body = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = CatalogApp + options.Value.TeamsAppId },
        };
        try
        {
            await graph.Users[person.Login].Teamwork.InstalledApps.PostAsync(body, cancellationToken: cancellationToken);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 409)
        {
            // Already installed: as good as installed.
        }
        catch (ODataError ex) when (ex.ResponseStatusCode is 403 or 404)
        {
            var state = ex.ResponseStatusCode == 403 ? InstallStates.WaitingForAdmin : InstallStates.NotReachable;
            await roster.SetInstallStateAsync(person, state, clock.GetUtcNow(), cancellationToken);
            Log.Refused(logger, person.Id, ex.ResponseStatusCode);
            return DeliveryOutcome.Never($"graph {ex.ResponseStatusCode}");
        }
        catch (ODataError ex)
        {
            return DeliveryOutcomes.FromStatus("graph", ex.ResponseStatusCode, RetryAfter(ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            return DeliveryOutcome.Later("graph not reached");
        }

        await roster.SetInstallStateAsync(person, InstallStates.Installed, clock.GetUtcNow(), cancellationToken);
        Log.Installed(logger, person.Id);
        return DeliveryOutcome.Sent();
    }

    private static TimeSpan? RetryAfter(ODataError ex) =>
        ex.ResponseHeaders.TryGetValue("Retry-After", out var values) && int.TryParse(values.FirstOrDefault(), out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "App installed for roster person {PersonId}")]
        public static partial void Installed(ILogger logger, string personId);

        [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "App installation for roster person {PersonId} refused by Graph ({Status})")]
        public static partial void Refused(ILogger logger, string personId, int status);
    }
}
