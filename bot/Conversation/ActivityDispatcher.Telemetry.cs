using System.Text.Json;
using TutorBot.Cards;
using TutorBot.Hosting;
using TutorBot.Protocol.Schema;

namespace TutorBot.Conversation;

/// <summary>The turn as telemetry sees it: one span per activity, and card clicks counted by verb and outcome.</summary>
public sealed partial class ActivityDispatcher
{
    /// <summary>
    /// Handles one activity; for an <c>adaptiveCard/action</c> invoke, returns the invoke response. Whatever fails
    /// inside, the turn completes: an invoke gets a card saying whether the change was saved, a message a polite reply.
    /// </summary>
    public async Task<AdaptiveCardInvokeResponse?> DispatchAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        // One span per activity, named by its type and verb (constants of the protocol and the code, never its text).
        var type = ActivityTypes.Known(activity.Type);
        var verb = VerbOf(activity);
        using var span = TutorBotMetrics.Source.StartActivity("turn " + type);
        span?.SetTag("tutorbot.activity.type", type);
        span?.SetTag("tutorbot.verb", verb);
        var started = clock.GetTimestamp();
        var outcome = TurnOutcomes.Ok;
        try
        {
            var response = await DispatchGuardedAsync(activity, cancellationToken);
            outcome = span?.GetTagItem("tutorbot.outcome") as string ?? (response?.StatusCode >= 400 ? TurnOutcomes.Refused : TurnOutcomes.Ok);
            return response;
        }
        catch
        {
            outcome = TurnOutcomes.Failed;
            throw;
        }
        finally
        {
            span?.SetTag("tutorbot.outcome", outcome);
            if (IsCardAction(activity))
            {
                metrics.CardClicked(verb ?? "unknown", outcome, clock.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>A button press: the universal action's invoke, or its Action.Submit fallback.</summary>
    private static bool IsCardAction(Activity activity) =>
        (activity.Type == ActivityTypes.Invoke && activity.Name == InvokeNames.AdaptiveCardAction)
        || (activity.Type == ActivityTypes.Message && activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(CardVerbs.SubmitVerbKey, out _));
}
