namespace TutorBot.Delivery;

/// <summary>
/// Runs the rows of one kind. A handler checks the row against current state first (a row whose change lost its
/// race, or whose session moved, is <c>Dropped</c>), then acts, and names the outcome. An exception is that row's
/// outcome (<see cref="DeliveryOutcomes.FromException"/>); it never stops the batch.
/// </summary>
public interface IOutboxHandler
{
    /// <summary>The <see cref="OutboxRow.Kind"/> it runs.</summary>
    string Kind { get; }

    /// <summary>True when it sends through the Teams connector: the worker takes a token of the shared limiter first. Graph calls have their own limits.</summary>
    bool UsesConnector => true;

    /// <summary>
    /// True when it takes its limiter slot itself (<see cref="SendSlots.TakeAsync"/>) just before each POST, after its
    /// own storage calls; the worker then does not. For the kinds sent by the thousand (a wave's cards).
    /// </summary>
    bool TakesSlotItself => false;

    /// <summary>
    /// False when a finished row must leave no trace: it is deleted instead of being copied to <c>OutboxDone</c>
    /// (a member lookup for someone who may not be in the programme: nothing about them is kept).
    /// </summary>
    bool ArchivesRows => true;

    Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken);

    /// <summary>
    /// Called once a row of this kind ends <c>Never</c> (its own verdict, or its attempts exhausted), before that is
    /// recorded: where a feature tells someone (through rows of its own). A failure here is logged; the row still ends.
    /// </summary>
    Task OnNeverAsync(OutboxRow row, DeliveryOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;
}
