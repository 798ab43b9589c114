using System.Security.Cryptography;
using System.Text;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>
/// The buttons of workshop and visit cards. Each checks the person's role first (a refusal is a card), checks
/// the input (a wrong one changes nothing and says what to fix), stores, then queues what others must be told.
/// </summary>
public sealed partial class WorkshopActions(
    WorkshopStore workshops,
    ProgrammeStore programme,
    SchoolDirectory directory,
    FanOutQueue fanOut,
    WorkshopCards cards,
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
            CreatedUtc = clock.GetUtcNow(),
            ServiceUrl = turn.Reference.ServiceUrl,
            BotId = turn.Activity.Recipient?.Id,
            TenantId = turn.TenantId,
        };
        if (!await workshops.TryAddAsync(workshop, cancellationToken))
        {
            // The same form submitted twice: the first stands; its announcement is queued again, which the
            // delivery rows make harmless (it may be the first one that was lost).
            workshop = await workshops.GetAsync(workshop.Id, cancellationToken) ?? workshop;
            await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Announce, workshop.Id), cancellationToken);
            return CardActionResult.Replace(cards.CoordinatorStatus(workshop, "Publish_Already"));
        }

        await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Announce, workshop.Id), cancellationToken);
        Log.Published(logger, workshop.Id, workshop.Type, workshop.Capacity);
        return CardActionResult.Replace(cards.CoordinatorStatus(workshop, "Publish_Done"));
    }

    private async Task<CardActionResult> SignUpAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        var workshop = await LoadAsync(request, cancellationToken);
        if (workshop is null || workshop.Status != WorkshopStatus.Published)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        if (person.Role != Roles.Student || person.ClassId is null || !workshop.Classes.Contains(person.ClassId))
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotInvited"));
        }

        var now = clock.GetUtcNow();
        if (workshop.StartUtc <= now)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_Started"));
        }

        await BookLaterAsync(workshop, cancellationToken);
        var result = await workshops.SignUpAsync(workshop.Id, person.Id, now, cancellationToken);
        workshop = await workshops.GetAsync(workshop.Id, cancellationToken) ?? workshop;
        Log.SignedUp(logger, workshop.Id, person.Id, result.Outcome.ToString());
        switch (result.Outcome)
        {
            case SignUpOutcome.Confirmed:
                await BookAsync(workshop, cancellationToken);
                return CardActionResult.Replace(cards.Invitation(workshop, result.Registration, 0, "SignUp_Confirmed"));
            case SignUpOutcome.Waiting:
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
        if (workshop.StartUtc <= now)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_Started"));
        }

        await BookLaterAsync(workshop, cancellationToken);

        // The promotion notice is queued before the transaction, shown a little later: a crash after the commit
        // cannot lose it, and if the transaction loses its race the notice finds no promotion and is dropped.
        var result = await workshops.CancelAsync(workshop.Id, person.Id, now, cancellationToken, promoted =>
            fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Promoted, workshop.Id, promoted.PersonId, PromotionKey(promoted)), cancellationToken, NoticeDelay));
        workshop = await workshops.GetAsync(workshop.Id, cancellationToken) ?? workshop;
        Log.Cancelled(logger, workshop.Id, person.Id, result.Outcome.ToString(), result.Promoted?.PersonId);
        if (result.Outcome != CancelOutcome.NotRegistered)
        {
            await BookAsync(workshop, cancellationToken);
        }

        var registration = await workshops.GetRegistrationAsync(workshop.Id, person.Id, cancellationToken);
        return result.Outcome switch
        {
            CancelOutcome.Cancelled => CardActionResult.Replace(cards.Invitation(workshop, registration, 0, "Cancel_Done")),
            CancelOutcome.LateCancelled => CardActionResult.Replace(cards.Invitation(workshop, registration, 0, "Cancel_Late", "Warning")),
            _ => CardActionResult.Replace(cards.Invitation(workshop, registration, 0, "Cancel_NotRegistered", "Warning")),
        };
    }

    /// <summary>How long a notice queued before its transaction waits, so the transaction is committed when it is handled.</summary>
    private static readonly TimeSpan NoticeDelay = TimeSpan.FromSeconds(1);

    public static string PromotionKey(Registration promoted) => $"{FanOutKinds.Promoted}:{promoted.PersonId}:{promoted.Seq}";

    /// <summary>A visit's attendees changed: its calendar event follows, from the queue.</summary>
    private async Task BookAsync(Workshop workshop, CancellationToken cancellationToken)
    {
        if (workshop.Kind == WorkshopKinds.Visit)
        {
            await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Calendar, workshop.Id), cancellationToken);
        }
    }

    /// <summary>
    /// Queued before a change to a visit's attendees and handled a little later: should the instance stop between
    /// the change and <see cref="BookAsync"/>, the calendar still follows (a sync reads the attendees it finds).
    /// </summary>
    private async Task BookLaterAsync(Workshop workshop, CancellationToken cancellationToken)
    {
        if (workshop.Kind == WorkshopKinds.Visit)
        {
            await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Calendar, workshop.Id), cancellationToken, TimeSpan.FromSeconds(5));
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
