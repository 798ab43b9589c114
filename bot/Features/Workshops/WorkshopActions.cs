using System.Security.Cryptography;
using System.Text;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Hosting;

namespace TutorBot.Features.Workshops;

/// <summary>
/// The buttons of workshop and visit cards. Each checks the person's role first (a refusal is a card), checks
/// the input (a wrong one changes nothing and says what to fix), plans what others must be told as outbox rows, then
/// writes its own change once, and answers with the clicker's card: nothing remote runs inside the click.
/// </summary>
public sealed partial class WorkshopActions(
    WorkshopStore workshops,
    ProgrammeStore programme,
    SchoolDirectory directory,
    OutboxStore outbox,
    IEnumerable<IAttendeeRows> attendeeRows,
    WorkshopCards cards,
    TutorBotMetrics metrics,
    TimeProvider clock,
    ILogger<WorkshopActions> logger) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } =
    [
        WorkshopCards.Verbs.Publish, WorkshopCards.Verbs.SignUp, WorkshopCards.Verbs.Cancel,
    ];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person is null)
        {
            return CardActionResult.Replace(cards.Notice("Refused_Unknown"));
        }

        return request.Verb switch
        {
            WorkshopCards.Verbs.Publish => await PublishAsync(turn, person, request, cancellationToken),
            WorkshopCards.Verbs.SignUp => await SignUpAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.Cancel => await CancelAsync(person, request, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    private async Task<CardActionResult> PublishAsync(TurnContext turn, Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        if (WorkshopInput.Parse(request, schools, classes, clock.GetUtcNow(), out var errorKey) is not { } input)
        {
            return CardActionResult.Replace(cards.PublishForm(schools, classes, request, errorKey));
        }

        var now = clock.GetUtcNow();
        var workshop = new Workshop
        {
            PartitionKey = IdFor(turn, request, "w"),
            Kind = WorkshopKinds.Workshop,
            Type = input.Type,
            Status = WorkshopStatus.Published,
            SchoolIds = string.Join(',', input.Schools),
            ClassIds = string.Join(',', input.Classes),
            StartUtc = input.StartUtc,
            DurationMinutes = input.DurationMinutes,
            Place = input.Place,
            Capacity = input.Capacity,
            SpeakersWanted = input.SpeakersWanted,
            CreatedBy = person.Id,
            CreatedUtc = now,
            PublishedUtc = now,
            ServiceUrl = turn.Reference.ServiceUrl,
            BotId = turn.Activity.Recipient?.Id,
            TenantId = turn.TenantId,
        };
        if (await workshops.GetAsync(workshop.Id, cancellationToken) is { } existing)
        {
            // The same form submitted twice: the first stands, with the announcement its click planned.
            return CardActionResult.Replace(cards.CoordinatorStatus(existing, "Publish_Already"));
        }

        // Planned before the workshop is added: if the add fails, the announcement finds nothing published and is dropped.
        await outbox.PlanAsync(WorkshopRows.Announce(workshop), cancellationToken);
        if (!await workshops.TryAddAsync(workshop, cancellationToken))
        {
            return CardActionResult.Replace(cards.CoordinatorStatus(await workshops.GetAsync(workshop.Id, cancellationToken) ?? workshop, "Publish_Already"));
        }

        Log.Published(logger, workshop.Id, workshop.Type, workshop.Capacity);
        return CardActionResult.Replace(cards.CoordinatorStatus(workshop, "Publish_Done"));
    }

    private async Task<CardActionResult> SignUpAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var workshop = await LoadAsync(request, cancellationToken);
        if ((workshop is null ? "Workshop_NotFound" : workshop.SignUpRefusal(person, now)) is { } refusal)
        {
            return CardActionResult.Replace(cards.Notice(refusal));
        }

        await PlanAttendeeRowsAsync(workshop!, now, cancellationToken);
        var result = await workshops.SignUpAsync(workshop!.Id, person.Id, now, cancellationToken);
        workshop = result.Workshop ?? workshop;
        Log.SignedUp(logger, workshop.Id, person.Id, result.Outcome.ToString());
        switch (result.Outcome)
        {
            case SignUpOutcome.Confirmed:
                metrics.SignUps.Add(1, new KeyValuePair<string, object?>("result", "confirmed"));
                return CardActionResult.Replace(cards.Invitation(workshop, result.Registration, 0, "SignUp_Confirmed"));
            case SignUpOutcome.Waiting:
                metrics.SignUps.Add(1, new KeyValuePair<string, object?>("result", "waiting"));
                return CardActionResult.Replace(cards.Invitation(workshop, result.Registration, result.WaitingPosition, "SignUp_Waiting", "Warning"));
            case SignUpOutcome.AlreadyRegistered:
                return CardActionResult.Replace(cards.Invitation(workshop, result.Registration, result.WaitingPosition,
                    result.Registration!.Status == RegistrationStatus.Waiting ? "SignUp_AlreadyWaiting" : "SignUp_AlreadyConfirmed", "Warning"));
            default:
                return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }
    }

    private async Task<CardActionResult> CancelAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (await LoadAsync(request, cancellationToken) is not { } workshop)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        var now = clock.GetUtcNow();
        if (workshop.HasStarted(now))
        {
            return CardActionResult.Replace(cards.Notice("Workshop_Started"));
        }

        // The promotion notice is planned before the transaction, with one due time for every retry of it: a crash
        // after the commit cannot lose it, and if the transaction loses its race the notice finds no promotion.
        await PlanAttendeeRowsAsync(workshop, now, cancellationToken);
        var result = await workshops.CancelAsync(workshop.Id, person.Id, now, cancellationToken, promoted =>
            outbox.PlanAsync(WorkshopRows.Promoted(workshop, promoted, now), cancellationToken));
        workshop = result.Workshop ?? workshop;
        Log.Cancelled(logger, workshop.Id, person.Id, result.Outcome.ToString(), result.Promoted?.PersonId);
        if (result.Promoted is not null)
        {
            metrics.Promotions.Add(1);
        }

        return result.Outcome switch
        {
            CancelOutcome.Cancelled => CardActionResult.Replace(cards.Invitation(workshop, result.Registration, 0, "Cancel_Done")),
            CancelOutcome.LateCancelled => CardActionResult.Replace(cards.Invitation(workshop, result.Registration, 0, "Cancel_Late", "Warning")),
            _ => CardActionResult.Replace(cards.Invitation(workshop, result.Registration, 0, "Cancel_NotRegistered", "Warning")),
        };
    }

    /// <summary>What follows a change of attendees elsewhere (a visit's calendar event), planned before the change.</summary>
    private async Task PlanAttendeeRowsAsync(Workshop workshop, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = attendeeRows.SelectMany(r => r.RowsFor(workshop, now)).ToList();
        if (rows.Count > 0)
        {
            await outbox.PlanAsync(rows, cancellationToken);
        }
    }

    private async Task<Workshop?> LoadAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Get(WorkshopCards.Inputs.WorkshopId) is { } id ? await workshops.GetAsync(id, cancellationToken) : null;

    /// <summary>One workshop per form card: a repeated submit of the same card finds the same id.</summary>
    internal static string IdFor(TurnContext turn, CardActionRequest request, string prefix)
    {
        if (request.CardActivityId is null)
        {
            return prefix + Guid.NewGuid().ToString("N")[..23];
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(turn.Reference.ConversationId + "|" + request.CardActivityId));
        return prefix + Convert.ToHexStringLower(hash)[..23];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Workshop {WorkshopId} ({Type}) published with {Capacity} places")]
        public static partial void Published(ILogger logger, string workshopId, string type, int capacity);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Sign-up of {PersonId} to {WorkshopId}: {Outcome}")]
        public static partial void SignedUp(ILogger logger, string workshopId, string personId, string outcome);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Cancellation of {PersonId} in {WorkshopId}: {Outcome}; promoted {PromotedId}")]
        public static partial void Cancelled(ILogger logger, string workshopId, string personId, string outcome, string? promotedId);
    }
}
