using System.Text.Json;
using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Hosting;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Resources;
using TutorBot.Storage;

namespace TutorBot.Conversation;

/// <summary>
/// Turn dispatch: sets the user's culture, remembers where to reach them, and routes the activity to a
/// command, a card action or the welcome. Features never see HTTP.
/// </summary>
public sealed partial class ActivityDispatcher(
    IConnector connector,
    ConversationStore conversations,
    ISenderDirectory senders,
    IUnknownSenders unknownSenders,
    IEnumerable<IMessageCommand> commands,
    IEnumerable<ICardActionHandler> actionHandlers,
    IHelpCards help,
    TurnFailures failures,
    TutorBotMetrics metrics,
    IStringLocalizer<Strings> strings,
    TimeProvider clock,
    ILogger<ActivityDispatcher> logger)
{
    private readonly Dictionary<string, IMessageCommand> _commands = commands
        .SelectMany(c => c.Keywords.Select(k => (k, c)))
        .ToDictionary(p => p.k, p => p.c, StringComparer.Ordinal);

    private readonly Dictionary<string, ICardActionHandler> _actions = actionHandlers
        .SelectMany(h => h.Verbs.Select(v => (v, h)))
        .ToDictionary(p => p.v, p => p.h, StringComparer.Ordinal);

    private async Task<AdaptiveCardInvokeResponse?> DispatchGuardedAsync(Activity activity, CancellationToken cancellationToken)
    {
        var writes = StorageWrites.Begin();
        TurnContext? turn = null;
        try
        {
            // A language chosen in the bot wins over the Teams client's locale.
            var tenantId = activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;
            var preferred = tenantId is not null && ObjectIds.Usable(activity.From?.AadObjectId) is { } aad
                ? await conversations.GetLanguageAsync(tenantId, aad, clock.GetUtcNow(), cancellationToken)
                : null;
            var culture = Culture.FromLocale(preferred ?? activity.Locale);
            Culture.Apply(culture);
            // An activity without a locale (installation, conversation update) keeps none, so it stores none.
            turn = new TurnContext(activity with { Locale = preferred ?? activity.Locale }, connector, culture);
            return await DispatchAsync(turn, writes, cancellationToken);
        }
        catch (ConnectorException ex)
        {
            // The turn completes: Teams must not resend it, and the failure is already retried and logged.
            Log.TurnReplyFailed(logger, activity.Type, ex.StatusCode);
            System.Diagnostics.Activity.Current?.SetTag("tutorbot.outcome", TurnOutcomes.Failed);
            return IsInvoke(activity) ? AdaptiveCardInvokeResponse.Card(failures.Card(activity.Type, VerbOf(activity), ex, writes.Count > 0)) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            System.Diagnostics.Activity.Current?.SetTag("tutorbot.outcome", TurnOutcomes.Failed);
            var card = failures.Card(activity.Type, VerbOf(activity), ex, writes.Count > 0);
            if (IsInvoke(activity))
            {
                return AdaptiveCardInvokeResponse.Card(card);
            }

            await TrySayAsync(turn ?? new TurnContext(activity, connector, Culture.FromLocale(activity.Locale)), card, cancellationToken);
            return null;
        }
    }

    private async Task<AdaptiveCardInvokeResponse?> DispatchAsync(TurnContext turn, StorageWrites writes, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;

        // Someone the programme does not know is told whom to ask, and nothing about them is stored.
        var person = await senders.FindAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person is null)
        {
            return await NotInProgrammeAsync(turn, cancellationToken);
        }

        if (activity.Type == ActivityTypes.InstallationUpdate && turn.AadObjectId is { } aad)
        {
            if (activity.Action == InstallationActions.Remove)
            {
                // Uninstalled: the reference goes and nothing is sent to them until they install the app again.
                await conversations.RemoveAsync(turn.TenantId, aad, turn.Reference.ConversationId, cancellationToken);
                return null;
            }

            await conversations.ReinstalledAsync(turn.TenantId, aad, cancellationToken);
        }

        await RememberConversationAsync(turn, cancellationToken);
        writes.Restart(); // from here on, a write is the person's change
        switch (activity.Type)
        {
            case ActivityTypes.Invoke when activity.Name == InvokeNames.AdaptiveCardAction:
                return await OnCardActionInvokeAsync(turn, cancellationToken);
            case ActivityTypes.Invoke:
                return AdaptiveCardInvokeResponse.Error(400, "NotSupported", strings["Invoke_NotSupported"]);
            case ActivityTypes.Message when activity.Value is { ValueKind: JsonValueKind.Object } value:
                await OnSubmitAsync(turn, person, value, cancellationToken);
                break;
            case ActivityTypes.Message:
                await OnMessageAsync(turn, person, cancellationToken);
                break;
            case ActivityTypes.ConversationUpdate when activity.MembersAdded?.Count > 0:
            case ActivityTypes.InstallationUpdate when activity.Action is null or "add":
                await WelcomeAsync(turn, person, cancellationToken);
                break;
        }

        return null;
    }

    private async Task<AdaptiveCardInvokeResponse?> NotInProgrammeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        Log.NotInProgramme(logger, turn.Activity.Type);
        System.Diagnostics.Activity.Current?.SetTag("tutorbot.outcome", TurnOutcomes.NotInProgramme);

        // The member lookup that may link them runs from the outbox; the Identity feature says what this turn answers meanwhile.
        return await unknownSenders.AnswerUnknownAsync(turn, cancellationToken);
    }

    /// <summary>A polite reply to a message turn that failed; if even that fails, the turn still completes.</summary>
    private async Task TrySayAsync(TurnContext turn, AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (turn.Activity.Type is not (ActivityTypes.Message or ActivityTypes.InstallationUpdate))
        {
            return;
        }

        try
        {
            await turn.SendAsync(card, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.FailureReplyFailed(logger, turn.Activity.Type, ex.GetType().Name);
        }
    }

    private static bool IsInvoke(Activity activity) => activity.Type == ActivityTypes.Invoke;

    /// <summary>The verb of a card action, for the log (a constant of the code, never user text).</summary>
    private string? VerbOf(Activity activity)
    {
        try
        {
            var verb = activity.Value?.ValueKind == JsonValueKind.Object && activity.Value.Value.TryGetProperty("action", out var action)
                && action.ValueKind == JsonValueKind.Object && action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : activity.Value?.ValueKind == JsonValueKind.Object && activity.Value.Value.TryGetProperty(CardVerbs.SubmitVerbKey, out var submitted)
                    && submitted.ValueKind == JsonValueKind.String ? submitted.GetString() : null;
            return verb is not null && _actions.ContainsKey(verb) ? verb : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task RememberConversationAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (turn.AadObjectId is not { } aad || activity.Conversation?.ConversationType is not (null or "personal"))
        {
            return;
        }

        await conversations.SaveIfChangedAsync(turn.TenantId, aad, turn.Reference, activity.Locale, cancellationToken);
    }

    private async Task OnMessageAsync(TurnContext turn, Sender person, CancellationToken cancellationToken)
    {
        var text = CommandText.Normalise(turn.Activity.Text);
        var keyword = text.Split(' ', 2)[0];
        if (_commands.TryGetValue(keyword, out var command))
        {
            await command.HandleAsync(turn, cancellationToken);
            return;
        }

        var card = text.Length == 0 || keyword is "aide" or "help" or "menu"
            ? help.Help(_commands.Values.Distinct(), person.Role)
            : help.Unknown(_commands.Values.Distinct(), person.Role);
        await turn.SendAsync(card, cancellationToken);
    }

    private async Task<AdaptiveCardInvokeResponse> OnCardActionInvokeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        AdaptiveCardInvokeValue? value;
        try
        {
            value = turn.Activity.Value?.Deserialize<AdaptiveCardInvokeValue>(ProtocolJson.Options);
        }
        catch (JsonException)
        {
            value = null;
        }

        if (value?.Action?.Verb is not { Length: > 0 } verb)
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", strings["Action_Missing"]);
        }

        var request = new CardActionRequest(verb, CardActionRequest.ReadData(value.Action.Data), turn.Activity.ReplyToId);
        var result = await RunActionAsync(turn, request, cancellationToken);
        return result.Card is { } card
            ? AdaptiveCardInvokeResponse.Card(card)
            : AdaptiveCardInvokeResponse.Message(result.Message ?? "");
    }

    /// <summary>The Action.Submit fallback of a universal action: same handler, answer by editing the card.</summary>
    private async Task OnSubmitAsync(TurnContext turn, Sender person, JsonElement value, CancellationToken cancellationToken)
    {
        var data = CardActionRequest.ReadData(value);
        if (!data.TryGetValue(CardVerbs.SubmitVerbKey, out var verb))
        {
            await OnMessageAsync(turn, person, cancellationToken);
            return;
        }

        var result = await RunActionAsync(turn, new CardActionRequest(verb, data, turn.Activity.ReplyToId), cancellationToken);
        if (result.Card is { } card && turn.Activity.ReplyToId is { } cardId)
        {
            await connector.UpdateAsync(turn.Reference, cardId, card.ToActivity(), cancellationToken);
        }
        else if (result.Card is { } newCard)
        {
            await turn.SendAsync(newCard, cancellationToken);
        }
        else if (result.Message is { } message)
        {
            await turn.SendTextAsync(message, cancellationToken);
        }
    }

    private Task<CardActionResult> RunActionAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken) =>
        _actions.TryGetValue(request.Verb, out var handler)
            ? handler.HandleAsync(turn, request, cancellationToken)
            : Task.FromResult(CardActionResult.Say(strings["Action_Unknown"]));

    private async Task WelcomeAsync(TurnContext turn, Sender person, CancellationToken cancellationToken)
    {
        if (turn.Activity.Conversation?.Id is { } id && await conversations.TryMarkWelcomedAsync(id, cancellationToken))
        {
            await turn.SendAsync(help.Welcome(_commands.Values.Distinct(), person.Role), cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "A {ActivityType} turn could not answer through the connector (status {Status}); the turn completes")]
        public static partial void TurnReplyFailed(ILogger logger, string? activityType, int? status);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The reply to a failed {ActivityType} turn could not be sent either ({ExceptionType})")]
        public static partial void FailureReplyFailed(ILogger logger, string? activityType, string exceptionType);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "A {ActivityType} turn from someone not linked to the programme: member lookup planned or refused; nothing stored")]
        public static partial void NotInProgramme(ILogger logger, string? activityType);
    }
}
