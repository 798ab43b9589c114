using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Pairing;

/// <summary>
/// The pairing cards' buttons. Who may act comes from storage (the clicker's tenant and object id → their Programme
/// person → the pair's stored tutor and student, or the coordinator role), never from the card's data, which only
/// says which pair. Each click loads the pair once, writes it once under its ETag, and answers with a card; what
/// others get is planned in the outbox.
/// </summary>
public sealed class PairingActions(ProgrammeStore programme, PairingStore store, Pairings pairings, PairingFollowUps followUps, PairingCards cards, OutboxStore outbox, TimeProvider clock) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [PairingCards.Verbs.AskEnd, PairingCards.Verbs.ApproveEnd, PairingCards.Verbs.DeclineEnd, PairingCards.Verbs.FollowUp];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person is null)
        {
            return Say("Refused_NotInProgramme");
        }

        if (request.Get(PairingCards.Inputs.TutorId) is not { } tutorId || request.Get(PairingCards.Inputs.PairId) is not { } pairId
            || await store.GetPairAsync(tutorId, pairId, cancellationToken) is not { } found)
        {
            return Say("AskEnd_NotYours");
        }

        return request.Verb switch
        {
            PairingCards.Verbs.AskEnd => await AskEndAsync(turn, person, found.Pair, found.ETag, cancellationToken),
            PairingCards.Verbs.FollowUp => await followUps.FromCardAsync(person, found.Pair, request, cancellationToken),
            _ when person.Role != Roles.Coordinator => Say("Decision_NotCoordinator"),
            _ when found.Pair.Status != PairStatus.EndRequested => Say("Decision_Already"),
            PairingCards.Verbs.ApproveEnd => await pairings.EndAsync(tutorId, pairId, person.Id, turn.TenantId, cancellationToken, syncNow: false) is null ? Say("Decision_Already") : Say("Decision_Ended"),
            _ => await DeclineAsync(turn, found.Pair, found.ETag, cancellationToken),
        };
    }

    private async Task<CardActionResult> AskEndAsync(TurnContext turn, Person person, Pair pair, Azure.ETag etag, CancellationToken cancellationToken)
    {
        if (!pair.IsMember(person.Id))
        {
            return Say("AskEnd_NotYours");
        }

        if (!pair.CanRequestEnd(person.Id))
        {
            return Say("AskEnd_Already");
        }

        var now = clock.GetUtcNow();
        await outbox.PlanAsync(PairingRows.EndRequested(pair, turn.TenantId, now), cancellationToken);
        return await store.TryReplaceAsync(pair.RequestEnd(person.Id, now), etag, cancellationToken) ? Say("AskEnd_Sent") : Say("AskEnd_Already");
    }

    private async Task<CardActionResult> DeclineAsync(TurnContext turn, Pair pair, Azure.ETag etag, CancellationToken cancellationToken)
    {
        await outbox.PlanAsync(PairingRows.Ended(pair, PairingRowKinds.Declined, turn.TenantId, clock.GetUtcNow()).Skip(1), cancellationToken);
        return await store.TryReplaceAsync(pair.DeclineEnd(), etag, cancellationToken) ? Say("Decision_Kept") : Say("Decision_Already");
    }

    private CardActionResult Say(string key) => CardActionResult.Replace(cards.Notice(key));
}
