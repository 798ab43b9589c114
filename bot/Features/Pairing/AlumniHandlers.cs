using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Pairing;

/// <summary>The offer to join the alumni community, to a graduate who is not an alumnus yet.</summary>
public sealed class AlumniOfferHandler(PairingStore store, AlumniCards cards, PairingMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => AlumniRowKinds.Offer;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = AlumniRowPayload.Of(row);
        if (await store.AlumnusAsync(p.StudentId, cancellationToken) is not null)
        {
            return DeliveryOutcome.Dropped("already an alumnus");
        }

        if (!(await store.FollowUpsAsync(p.SchoolUai, p.StudentId, cancellationToken)).Any(f => f.Graduated))
        {
            return clock.GetUtcNow() - row.DueUtc < PairingRows.CommitWait ? DeliveryOutcome.Later("graduation not written yet", TimeSpan.FromSeconds(5)) : DeliveryOutcome.Dropped("no graduation");
        }

        return await messenger.SendAsync(row, p.StudentId, () => cards.Offer(p.SchoolUai), cancellationToken);
    }
}

/// <summary>A coordinator's invitation to one alumnus, while they are one.</summary>
public sealed class AlumniInviteHandler(PairingStore store, AlumniCards cards, PairingMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => AlumniRowKinds.Invite;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = AlumniRowPayload.Of(row);
        if (p.InvitationId is null || await store.InvitationAsync(p.InvitationId, cancellationToken) is not { } invitation)
        {
            return clock.GetUtcNow() - row.DueUtc < PairingRows.CommitWait ? DeliveryOutcome.Later("invitation not written yet", TimeSpan.FromSeconds(5)) : DeliveryOutcome.Dropped("no invitation");
        }

        if (await store.AlumnusAsync(p.StudentId, cancellationToken) is null)
        {
            return DeliveryOutcome.Dropped("no longer an alumnus");
        }

        return await messenger.SendAsync(row, p.StudentId, () => cards.Invitation(invitation), cancellationToken);
    }
}

/// <summary>
/// The graduate's answer to the offer. Who answers is read from storage (tenant + object id → their Programme person);
/// the card's data only names the school, and joining needs that person's own graduation recorded there: one load
/// (their follow-up rows), one write (their alumni row), and a card back.
/// </summary>
public sealed class AlumniActions(ProgrammeStore programme, PairingStore store, PairingCards cards, TimeProvider clock) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [AlumniCards.Verbs.Join, AlumniCards.Verbs.Decline];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken) is not { } person)
        {
            return Say("Refused_NotInProgramme");
        }

        if (request.Verb == AlumniCards.Verbs.Decline)
        {
            return Say("Alumni_Declined");
        }

        var uai = request.Get(AlumniCards.SchoolInput) ?? "";
        if (uai.Length == 0 || !(await store.FollowUpsAsync(uai, person.Id, cancellationToken)).Any(f => f.Graduated))
        {
            return Say("Alumni_NotGraduated");
        }

        await store.SetAlumnusAsync(new Alumnus(person.Id, uai, true, clock.GetUtcNow(), person.Id), cancellationToken);
        return Say("Alumni_Joined");
    }

    private CardActionResult Say(string key) => CardActionResult.Replace(cards.Notice(key));
}
