using TutorBot.Delivery;

namespace TutorBot.Features.Waves;

/// <summary>
/// One recipient's card. The wave's state is read through the short cache: paused, the row is dropped (a resume plans
/// it again); cancelled, it is dropped and the recipient counted as cancelled. The send itself is
/// <see cref="WaveMessenger.SendOnceAsync"/>.
/// </summary>
public sealed class WaveCardHandler(WaveStore waves, WaveMessenger messenger) : IOutboxHandler
{
    public string Kind => WaveRows.Card;

    public bool TakesSlotItself => true;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (WaveRows.Read(row) is not { } payload || row.RecipientId is not { } personId || await waves.GetCachedAsync(payload.WaveId, cancellationToken) is not { } wave)
        {
            return DeliveryOutcome.Dropped("wave gone");
        }

        if (!wave.IsSending && wave.State != WaveStates.Cancelled)
        {
            return DeliveryOutcome.Dropped("wave " + wave.State);
        }

        if (await waves.GetRecipientAsync(wave.Id, personId, cancellationToken) is not { } recipient)
        {
            return DeliveryOutcome.Dropped("not a recipient");
        }

        if (wave.State == WaveStates.Cancelled)
        {
            if (recipient.State == RecipientStates.Queued)
            {
                recipient.State = RecipientStates.Cancelled;
                await waves.TryReplaceRecipientAsync(recipient, cancellationToken);
            }

            return DeliveryOutcome.Dropped("wave cancelled");
        }

        return await messenger.SendOnceAsync(row, wave, recipient, nudge: false, cancellationToken);
    }

    /// <summary>Out of tries (or refused for good): the recipient is settled with the reason, unless something was recorded already.</summary>
    public async Task OnNeverAsync(OutboxRow row, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        if (WaveRows.Read(row) is not { } payload || row.RecipientId is not { } personId
            || await waves.GetRecipientAsync(payload.WaveId, personId, cancellationToken) is not { } recipient || RecipientStates.IsFinal(recipient.State))
        {
            return;
        }

        var waiting = outcome.Reason?.Contains(WaveMessenger.WaitingForInstall, StringComparison.Ordinal) == true;
        recipient.State = waiting ? RecipientStates.Unreachable : RecipientStates.Failed;
        recipient.Reason = waiting ? "not installed: " + WaveMessenger.WaitingForInstall : outcome.Reason;
        await waves.TryReplaceRecipientAsync(recipient, cancellationToken);
    }
}

/// <summary>
/// One recipient's second reminder, due the wave's delay after its start: sent only to someone who got the card and
/// has not answered, once, at least the delay after their card.
/// </summary>
public sealed class WaveNudgeHandler(WaveStore waves, WaveMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => WaveRows.Nudge;

    public bool TakesSlotItself => true;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (WaveRows.Read(row) is not { } payload || row.RecipientId is not { } personId || await waves.GetCachedAsync(payload.WaveId, cancellationToken) is not { NudgeAfter: { } after } wave)
        {
            return DeliveryOutcome.Dropped("wave gone or without nudge");
        }

        if (wave.State is not (WaveStates.Sending or WaveStates.Done))
        {
            return DeliveryOutcome.Dropped("wave " + wave.State);
        }

        if (await waves.GetRecipientAsync(wave.Id, personId, cancellationToken) is not { } recipient)
        {
            return DeliveryOutcome.Dropped("not a recipient");
        }

        if (recipient.Answer is not null)
        {
            return DeliveryOutcome.Dropped("answered");
        }

        if (recipient.State != RecipientStates.Sent)
        {
            return RecipientStates.IsFinal(recipient.State)
                ? DeliveryOutcome.Dropped("card not delivered: " + recipient.State)
                : DeliveryOutcome.Later("card not sent yet", after);
        }

        var due = (recipient.SentUtc ?? clock.GetUtcNow()) + after;
        if (due > clock.GetUtcNow())
        {
            return DeliveryOutcome.Later("card sent late", due - clock.GetUtcNow());
        }

        return await messenger.SendOnceAsync(row, wave, recipient, nudge: true, cancellationToken);
    }
}
