using TutorBot.Delivery;

namespace TutorBot.Features.Workshops;

/// <summary>
/// Expands a published workshop (or matched visit) into one invitation row per invited student, all due when it
/// was opened: run again, it plans the same rows (an upsert while pending, a <see cref="SentCard"/> after).
/// </summary>
public sealed partial class AnnounceHandler(WorkshopStore workshops, WorkshopAudience audience, OutboxStore outbox, ILogger<AnnounceHandler> logger) : IOutboxHandler
{
    public string Kind => WorkshopRowKinds.Announce;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (await workshops.GetAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken) is not { Status: WorkshopStatus.Published } workshop)
        {
            // Planned before a publish or match that did not happen (or not yet: a lost race is retried by its click).
            return DeliveryOutcome.Dropped("not published");
        }

        var students = await audience.StudentsOfAsync(workshop.Classes, cancellationToken);
        await outbox.PlanAsync(students.Select(id => WorkshopRows.Invite(workshop, id, row.DueUtc)), cancellationToken);
        Log.Announced(logger, workshop.Id, students.Count);
        return DeliveryOutcome.Sent();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Workshop {WorkshopId} announced to {Count} students")]
        public static partial void Announced(ILogger logger, string workshopId, int count);
    }
}

/// <summary>One student's invitation, showing their registration if they signed up from a list meanwhile.</summary>
public sealed class InviteHandler(WorkshopStore workshops, WorkshopCards cards, WorkshopMessenger messenger) : IOutboxHandler
{
    public string Kind => WorkshopRowKinds.Invite;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (await workshops.GetAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken) is not { Status: WorkshopStatus.Published } workshop || row.RecipientId is not { } personId)
        {
            return DeliveryOutcome.Dropped("not published");
        }

        return await messenger.SendOnceAsync(row, workshop, personId, async () =>
            cards.Invitation(workshop, await workshops.GetRegistrationAsync(workshop.Id, personId, cancellationToken)), cancellationToken);
    }
}

/// <summary>
/// Tells a student they got a place. Planned before the cancellation's transaction: until it commits the row comes
/// back a little later, and after two minutes without it the promotion lost its race and the row is dropped.
/// </summary>
public sealed class PromotedHandler(WorkshopStore workshops, WorkshopCards cards, WorkshopMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public static readonly TimeSpan CommitWait = TimeSpan.FromMinutes(2);

    public string Kind => WorkshopRowKinds.Promoted;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var payload = WorkshopRowPayload.Of(row);
        if (await workshops.GetAsync(payload.WorkshopId, cancellationToken) is not { } workshop || row.RecipientId is not { } personId)
        {
            return DeliveryOutcome.Dropped("workshop gone");
        }

        if (await workshops.GetRegistrationAsync(workshop.Id, personId, cancellationToken) is not { } registration || !registration.WasPromoted(payload.Seq ?? -1))
        {
            return clock.GetUtcNow() - row.DueUtc < CommitWait
                ? DeliveryOutcome.Later("promotion not committed yet", TimeSpan.FromSeconds(1))
                : DeliveryOutcome.Dropped("promotion lost its race");
        }

        return await messenger.SendOnceAsync(row, workshop, personId, () => Task.FromResult<Cards.AdaptiveCard?>(cards.Promoted(workshop, personId)), cancellationToken);
    }
}

/// <summary>An offer to speak: one request card per coordinator, while the request waits for a decision.</summary>
public sealed class SpeakerOfferedHandler(WorkshopStore workshops, WorkshopAudience audience, OutboxStore outbox, TimeProvider clock) : IOutboxHandler
{
    public string Kind => WorkshopRowKinds.SpeakerOffered;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var payload = WorkshopRowPayload.Of(row);
        if (await workshops.GetAsync(payload.WorkshopId, cancellationToken) is not { } workshop || payload.SubjectId is not { } speakerId)
        {
            return DeliveryOutcome.Dropped("workshop gone");
        }

        switch (await workshops.GetSpeakerAsync(workshop.Id, speakerId, cancellationToken))
        {
            case null when clock.GetUtcNow() - row.DueUtc < PromotedHandler.CommitWait:
                return DeliveryOutcome.Later("request not written yet", TimeSpan.FromSeconds(1));
            case not { Status: SpeakerStatus.Pending }:
                return DeliveryOutcome.Dropped("no pending request");
        }

        var coordinators = await audience.CoordinatorsAsync(cancellationToken);
        await outbox.PlanAsync(coordinators.Select(id => WorkshopRows.SpeakerRequest(workshop, speakerId, id, row.DueUtc)), cancellationToken);
        return DeliveryOutcome.Sent();
    }
}

/// <summary>A coordinator's card to decide on an offer to speak.</summary>
public sealed class SpeakerRequestHandler(WorkshopStore workshops, SpeakerCards cards, WorkshopMessenger messenger) : IOutboxHandler
{
    public string Kind => WorkshopRowKinds.SpeakerRequest;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var payload = WorkshopRowPayload.Of(row);
        if (await workshops.GetAsync(payload.WorkshopId, cancellationToken) is not { } workshop || row.RecipientId is not { } coordinatorId || payload.SubjectId is not { } speakerId)
        {
            return DeliveryOutcome.Dropped("workshop gone");
        }

        return await messenger.SendOnceAsync(row, workshop, coordinatorId, () => cards.RequestAsync(workshop, speakerId, cancellationToken), cancellationToken);
    }
}

/// <summary>Tells the speaker the coordinator's decision.</summary>
public sealed class SpeakerDecidedHandler(WorkshopStore workshops, SpeakerCards cards, WorkshopMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => WorkshopRowKinds.SpeakerDecided;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (await workshops.GetAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken) is not { } workshop || row.RecipientId is not { } speakerId)
        {
            return DeliveryOutcome.Dropped("workshop gone");
        }

        if (await workshops.GetSpeakerAsync(workshop.Id, speakerId, cancellationToken) is not { Status: not SpeakerStatus.Pending })
        {
            return clock.GetUtcNow() - row.DueUtc < PromotedHandler.CommitWait
                ? DeliveryOutcome.Later("decision not written yet", TimeSpan.FromSeconds(1))
                : DeliveryOutcome.Dropped("no decision");
        }

        return await messenger.SendOnceAsync(row, workshop, speakerId, () => cards.DecisionAsync(workshop, speakerId, cancellationToken), cancellationToken);
    }
}
