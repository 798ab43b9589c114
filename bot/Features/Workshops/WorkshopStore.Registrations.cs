using Azure.Data.Tables;

namespace TutorBot.Features.Workshops;

public enum SignUpOutcome
{
    Confirmed,
    Waiting,
    AlreadyRegistered,
    NotFound,
}

/// <param name="Workshop">The workshop as written (or as read, when nothing was written).</param>
public sealed record SignUpResult(SignUpOutcome Outcome, Registration? Registration, int WaitingPosition, Workshop? Workshop = null);

public enum CancelOutcome
{
    Cancelled,
    LateCancelled,
    NotRegistered,
}

/// <param name="Registration">The cancelled registration as written (null when there was none).</param>
public sealed record CancelResult(CancelOutcome Outcome, Registration? Promoted, Workshop? Workshop = null, Registration? Registration = null);

/// <summary>Sign-ups and cancellations: the workshop's rules (<see cref="Workshop.Admit"/>, <see cref="Workshop.Withdraw"/>) written in one transaction.</summary>
public sealed partial class WorkshopStore
{
    /// <summary>
    /// Signs the person up: a place while there is one, else the end of the waiting list. The registration, the
    /// count and the arrival number are one transaction; a lost ETag race reads again and retries.
    /// </summary>
    public async Task<SignUpResult> SignUpAsync(string workshopId, string personId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var gate = _locks.GetOrAdd(workshopId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                if (await GetAsync(workshopId, cancellationToken) is not { } workshop)
                {
                    return new SignUpResult(SignUpOutcome.NotFound, null, 0);
                }

                var existing = await GetRegistrationAsync(workshopId, personId, cancellationToken);
                if (existing is { IsActive: true })
                {
                    return new SignUpResult(SignUpOutcome.AlreadyRegistered, existing, existing.Status == RegistrationStatus.Waiting ? await PositionAsync(workshopId, existing, cancellationToken) : 0, workshop);
                }

                var registration = workshop.Admit(personId, existing, now);
                var actions = new List<TableTransactionAction>
                {
                    new(TableTransactionActionType.UpdateReplace, workshop, workshop.ETag),
                    existing is null
                        ? new(TableTransactionActionType.Add, registration)
                        : new(TableTransactionActionType.UpdateReplace, registration, existing.ETag),
                };
                if (await TrySubmitAsync(actions, cancellationToken))
                {
                    return registration.Status == RegistrationStatus.Confirmed
                        ? new SignUpResult(SignUpOutcome.Confirmed, registration, 0, workshop)
                        : new SignUpResult(SignUpOutcome.Waiting, registration, workshop.Waiting, workshop);
                }

                await BackOffAsync(attempt, cancellationToken);
            }

            throw new InvalidOperationException($"Sign-up to {workshopId} kept losing the race.");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Cancels the person's registration. Up to 24 hours before, a confirmed place goes to the first of the waiting
    /// list in the same transaction; later, the cancellation is recorded as late and the place stays taken.
    /// </summary>
    /// <param name="beforeCommit">
    /// Called with the student about to be promoted, before the transaction is submitted: the caller plans the
    /// notice first, so a crash between the commit and the plan cannot lose it (the notice checks the promotion
    /// happened before it is sent).
    /// </param>
    public async Task<CancelResult> CancelAsync(string workshopId, string personId, DateTimeOffset now, CancellationToken cancellationToken = default, Func<Registration, Task>? beforeCommit = null)
    {
        var gate = _locks.GetOrAdd(workshopId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var workshop = await GetAsync(workshopId, cancellationToken);
                var registration = await GetRegistrationAsync(workshopId, personId, cancellationToken);
                if (workshop is null || registration is not { IsActive: true })
                {
                    return new CancelResult(CancelOutcome.NotRegistered, null, workshop, registration);
                }

                // Only a confirmed place given back in time goes to someone: the waiting list is read only then.
                var firstWaiting = registration.Status == RegistrationStatus.Confirmed && !workshop.IsLateCancellation(now)
                    ? Workshop.NextToPromote(await RegistrationsAsync(workshopId, cancellationToken))
                    : null;
                var (outcome, promoted) = workshop.Withdraw(registration, firstWaiting, now);
                var actions = new List<TableTransactionAction>
                {
                    new(TableTransactionActionType.UpdateReplace, workshop, workshop.ETag),
                    new(TableTransactionActionType.UpdateReplace, registration, registration.ETag),
                };
                if (promoted is not null)
                {
                    actions.Add(new(TableTransactionActionType.UpdateReplace, promoted, promoted.ETag));
                    if (beforeCommit is not null)
                    {
                        await beforeCommit(promoted);
                    }
                }

                if (await TrySubmitAsync(actions, cancellationToken))
                {
                    return new CancelResult(outcome, promoted, workshop, registration);
                }

                await BackOffAsync(attempt, cancellationToken);
            }

            throw new InvalidOperationException($"Cancellation in {workshopId} kept losing the race.");
        }
        finally
        {
            gate.Release();
        }
    }
}
