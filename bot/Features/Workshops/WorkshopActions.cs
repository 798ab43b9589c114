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
        WorkshopCards.Verbs.Publish, WorkshopCards.Verbs.SignUp, WorkshopCards.Verbs.Cancel, WorkshopCards.Verbs.Speak,
        WorkshopCards.Verbs.AttendanceForm, WorkshopCards.Verbs.Attendance, WorkshopCards.Verbs.OfferVisit,
        WorkshopCards.Verbs.MatchForm, WorkshopCards.Verbs.Match,
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
            WorkshopCards.Verbs.Speak => await SpeakAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.AttendanceForm => await AttendanceFormAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.Attendance => await AttendanceAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.OfferVisit => await OfferVisitAsync(turn, person, request, cancellationToken),
            WorkshopCards.Verbs.MatchForm => await MatchFormAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.Match => await MatchAsync(turn, person, request, cancellationToken),
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

    private async Task<CardActionResult> SpeakAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (await LoadAsync(request, cancellationToken) is not { Kind: WorkshopKinds.Workshop, Status: WorkshopStatus.Published } workshop)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        // Tutors are partner companies' employees; anyone else of a partner company may speak too.
        var partner = person.Role == Roles.Tutor
            || (person.OrganisationId is { } org && (await programme.GetOrganisationAsync(org, cancellationToken))?.Kind == "company");
        if (!partner)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotSpeaker"));
        }

        var english = request.Get(WorkshopCards.Inputs.English) == "true";
        if (workshop.Type == WorkshopTypes.International && !english)
        {
            return CardActionResult.Replace(cards.SpeakerOffer(workshop, "Speak_EnglishNeeded"));
        }

        var added = await workshops.AddSpeakerAsync(workshop.Id, person.Id, english, clock.GetUtcNow(), cancellationToken);
        workshop = await workshops.GetAsync(workshop.Id, cancellationToken) ?? workshop;
        return CardActionResult.Replace(cards.SpeakerOffer(workshop, added ? "Speak_Done" : "Speak_Already"));
    }

    private async Task<CardActionResult> AttendanceFormAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (await LoadAsync(request, cancellationToken) is not { } workshop)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        if (!await MayTakeAttendanceAsync(person, workshop, cancellationToken))
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotAttendance"));
        }

        return CardActionResult.Replace(cards.AttendanceForm(workshop, await RollAsync(workshop, cancellationToken)));
    }

    private async Task<CardActionResult> AttendanceAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (await LoadAsync(request, cancellationToken) is not { } workshop)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        if (!await MayTakeAttendanceAsync(person, workshop, cancellationToken))
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotAttendance"));
        }

        var roll = await RollAsync(workshop, cancellationToken);
        var present = WorkshopInput.List(request.Get(WorkshopCards.Inputs.Present)).ToHashSet(StringComparer.Ordinal);
        if (present.Any(id => roll.All(r => r.Student.Id != id)))
        {
            return CardActionResult.Replace(cards.AttendanceForm(workshop, roll, "Attendance_Error"));
        }

        await workshops.RecordAttendanceAsync(workshop.Id, present, person.Id, cancellationToken);
        Log.Attendance(logger, workshop.Id, present.Count, person.Id);
        return CardActionResult.Replace(cards.AttendanceForm(workshop, await RollAsync(workshop, cancellationToken), "Attendance_Done"));
    }

    private async Task<CardActionResult> OfferVisitAsync(TurnContext turn, Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.OrganisationId is not { } org || (await programme.GetOrganisationAsync(org, cancellationToken))?.Kind != "company")
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotPartner"));
        }

        if (VisitError(request, out var when) is { } errorKey)
        {
            return CardActionResult.Replace(cards.VisitOfferForm(request, errorKey));
        }

        var visit = new Workshop
        {
            PartitionKey = IdFor(turn, request, "v"),
            Kind = WorkshopKinds.Visit,
            Type = WorkshopKinds.Visit,
            Status = WorkshopStatus.Offered,
            Site = request.Get(WorkshopCards.Inputs.Site),
            Address = request.Get(WorkshopCards.Inputs.Address),
            City = request.Get(WorkshopCards.Inputs.City),
            Place = request.Get(WorkshopCards.Inputs.Address)!,
            StartUtc = when!.Value.Start,
            DurationMinutes = when.Value.Duration,
            Capacity = (int)double.Parse(request.Get(WorkshopCards.Inputs.Capacity)!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            HostId = person.Id,
            HostMailbox = request.Get(WorkshopCards.Inputs.Mailbox),
            OrganisationId = org,
            CreatedBy = person.Id,
            CreatedUtc = clock.GetUtcNow(),
            TenantId = turn.TenantId,
            ServiceUrl = turn.Reference.ServiceUrl,
            BotId = turn.Activity.Recipient?.Id,
        };
        var added = await workshops.TryAddAsync(visit, cancellationToken);
        if (added)
        {
            Log.Offered(logger, visit.Id, org);
        }

        if (added || visit.Status == WorkshopStatus.Offered)
        {
            // The coordinators hear of it from the queue (again, harmlessly, on a repeated submit).
            await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Offered, visit.Id), cancellationToken);
        }

        return CardActionResult.Replace(cards.CoordinatorStatus(added ? visit : await workshops.GetAsync(visit.Id, cancellationToken) ?? visit, added ? "Offer_Done" : "Offer_Already"));
    }

    private async Task<CardActionResult> MatchFormAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        if (await LoadAsync(request, cancellationToken) is not { Kind: WorkshopKinds.Visit } visit)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        return CardActionResult.Replace(cards.MatchForm(visit, schools, classes));
    }

    private async Task<CardActionResult> MatchAsync(TurnContext turn, Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        if (await LoadAsync(request, cancellationToken) is not { Kind: WorkshopKinds.Visit } visit)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        if (visit.Status == WorkshopStatus.Published)
        {
            return CardActionResult.Replace(cards.CoordinatorStatus(visit, "Match_Already"));
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        if (WorkshopInput.ParseAudience(request, schools, classes, out var errorKey) is not { } audience)
        {
            return CardActionResult.Replace(cards.MatchForm(visit, schools, classes, request, errorKey));
        }

        visit.SchoolIds = string.Join(',', audience.Schools);
        visit.ClassIds = string.Join(',', audience.Classes);
        visit.Status = WorkshopStatus.Published;
        visit.ServiceUrl = turn.Reference.ServiceUrl;
        visit.BotId = turn.Activity.Recipient?.Id;
        if (!await workshops.TryReplaceAsync(visit, cancellationToken))
        {
            return CardActionResult.Replace(cards.CoordinatorStatus(await workshops.GetAsync(visit.Id, cancellationToken) ?? visit, "Match_Already"));
        }

        await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Announce, visit.Id), cancellationToken);
        await fanOut.EnqueueAsync(new FanOutMessage(FanOutKinds.Calendar, visit.Id), cancellationToken);
        Log.Matched(logger, visit.Id, visit.SchoolIds);
        return CardActionResult.Replace(cards.CoordinatorStatus(visit, "Match_Done"));
    }

    private string? VisitError(CardActionRequest request, out (DateTimeOffset Start, int Duration)? when)
    {
        when = null;
        foreach (var (input, key) in new[] { (WorkshopCards.Inputs.Site, "Error_Site"), (WorkshopCards.Inputs.Address, "Error_Address"), (WorkshopCards.Inputs.City, "Error_City") })
        {
            if (request.Get(input) is not { Length: <= WorkshopInput.TextMax })
            {
                return key;
            }
        }

        when = WorkshopInput.ParseWhen(request, clock.GetUtcNow(), out var errorKey);
        if (when is null)
        {
            return errorKey;
        }

        if (!double.TryParse(request.Get(WorkshopCards.Inputs.Capacity), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var capacity)
            || capacity != Math.Floor(capacity) || capacity < 1 || capacity > WorkshopInput.CapacityMax)
        {
            return "Error_Capacity";
        }

        return WorkshopInput.IsMailbox(request.Get(WorkshopCards.Inputs.Mailbox)) ? null : "Error_Mailbox";
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

    /// <summary>The speaker, the host of a visit, or a teacher of an invited school.</summary>
    private async Task<bool> MayTakeAttendanceAsync(Person person, Workshop workshop, CancellationToken cancellationToken) =>
        (person.Role == Roles.Teacher && person.SchoolId is { } school && workshop.Schools.Contains(school))
        || workshop.HostId == person.Id
        || await workshops.IsSpeakerAsync(workshop.Id, person.Id, cancellationToken);

    private async Task<IReadOnlyList<(Person Student, bool? Attended)>> RollAsync(Workshop workshop, CancellationToken cancellationToken)
    {
        var roll = new List<(Person, bool?)>();
        foreach (var r in await workshops.RegistrationsAsync(workshop.Id, cancellationToken))
        {
            if (r.Status is RegistrationStatus.Confirmed or RegistrationStatus.LateCancelled && await programme.GetAsync(r.PersonId, cancellationToken) is { } student)
            {
                roll.Add((student, r.Attended));
            }
        }

        return roll;
    }

    private async Task<Workshop?> LoadAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Get(WorkshopCards.Inputs.WorkshopId) is { } id ? await workshops.GetAsync(id, cancellationToken) : null;

    /// <summary>One workshop per form card: a repeated submit of the same card finds the same id.</summary>
    private static string IdFor(TurnContext turn, CardActionRequest request, string prefix)
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

        [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Attendance of {WorkshopId}: {Present} present, taken by {PersonId}")]
        public static partial void Attendance(ILogger logger, string workshopId, int present, string personId);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Visit {VisitId} offered by {OrganisationId}")]
        public static partial void Offered(ILogger logger, string visitId, string organisationId);

        [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Visit {VisitId} matched to schools {SchoolIds}")]
        public static partial void Matched(ILogger logger, string visitId, string schoolIds);
    }
}
