using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Roster;
using TutorBot.Features.Welcome;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Identity;

/// <summary>
/// A turn from someone whose tenant + Entra object id the bot does not know. Nothing is stored about them in the
/// turn: in a personal chat the connector's member lookup is planned as an outbox row (<see cref="MemberLookupHandler"/>
/// links them by UPN or e-mail and sends their welcome, or tells them they are not in the programme), and the turn
/// answers at once. What each turn gets meanwhile:
/// <list type="bullet">
/// <item>a message or a card click: the "one moment" card (every turn answers; the lookup's card follows);</item>
/// <item>an installation or conversation update: nothing (the lookup's card is the answer);</item>
/// <item>a deactivated roster person already linked: nothing (a click gets the "not in the programme" card);</item>
/// <item>no object id, or a group chat or channel: the "not in the programme" card, as before.</item>
/// </list>
/// </summary>
public sealed class IdentityLinker(
    OutboxStore outbox,
    RosterStore roster,
    IdentityCards cards,
    HelpCards help,
    IStringLocalizer<IdentityStrings> strings,
    TimeProvider clock) : IUnknownSenders
{
    public async Task<AdaptiveCardInvokeResponse?> AnswerUnknownAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var isClick = activity.Type == ActivityTypes.Invoke && activity.Name == InvokeNames.AdaptiveCardAction;
        if (activity.Type == ActivityTypes.Invoke && !isClick)
        {
            return AdaptiveCardInvokeResponse.Error(400, "NotSupported", strings["Invoke_NotSupported"]);
        }

        var opens = activity.Type is ActivityTypes.Message
            || (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is null or "add")
            || (activity.Type == ActivityTypes.ConversationUpdate && activity.MembersAdded?.Count > 0)
            || isClick;
        if (!opens)
        {
            return null;
        }

        if (turn.AadObjectId is not { } objectId || turn.TenantId.Length == 0 || activity.From?.Id is not { } userId
            || activity.Conversation?.ConversationType is not (null or "personal"))
        {
            return await NotInProgrammeAsync(turn, isClick, cancellationToken);
        }

        if (await roster.FindByIdentityAsync(turn.TenantId, objectId, cancellationToken) is { Active: false })
        {
            // Deactivated: the bot says nothing more to them; a click still gets a card.
            return isClick ? AdaptiveCardInvokeResponse.Card(help.NotInProgramme()) : null;
        }

        var payload = new LookupPayload(activity.ServiceUrl!, activity.Conversation!.Id!, userId, activity.Recipient?.Id, turn.TenantId, objectId, activity.Locale);
        await outbox.PlanAsync(
            OutboxRow.Create(IdentityRows.Lookup, IdentityRows.LookupKey(turn.TenantId, objectId), clock.GetUtcNow(), turn.TenantId, null, payload.Serialize(), payload.ConversationId),
            cancellationToken);
        if (isClick)
        {
            return AdaptiveCardInvokeResponse.Card(cards.Checking());
        }

        if (activity.Type == ActivityTypes.Message)
        {
            await turn.SendAsync(cards.Checking(), cancellationToken);
        }

        return null;
    }

    private async Task<AdaptiveCardInvokeResponse?> NotInProgrammeAsync(TurnContext turn, bool isClick, CancellationToken cancellationToken)
    {
        if (isClick)
        {
            return AdaptiveCardInvokeResponse.Card(help.NotInProgramme());
        }

        // Installation and conversation update both arrive: one answer is enough, and no "welcomed" row is kept.
        if (turn.Activity.Type is ActivityTypes.Message or ActivityTypes.InstallationUpdate)
        {
            await turn.SendAsync(help.NotInProgramme(), cancellationToken);
        }

        return null;
    }
}
