using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>
/// Speakers and attendance. Offering to speak is a request the coordinators decide on a card, within the speakers
/// the workshop asks for; the approved speakers and the invited schools' teachers take the attendance, from an hour
/// before the start to 48 hours after the end. The person acting is always the stored person of the turn's tenant
/// and Entra object id, never someone named in the card's data.
/// </summary>
public sealed partial class SpeakerActions(
    WorkshopStore workshops,
    ProgrammeStore programme,
    OutboxStore outbox,
    WorkshopCards cards,
    TimeProvider clock,
    ILogger<SpeakerActions> logger) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } =
    [
        WorkshopCards.Verbs.Speak, WorkshopCards.Verbs.ApproveSpeaker, WorkshopCards.Verbs.DeclineSpeaker,
        WorkshopCards.Verbs.AttendanceForm, WorkshopCards.Verbs.Attendance,
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
            WorkshopCards.Verbs.Speak => await SpeakAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.ApproveSpeaker => await DecideAsync(person, request, approve: true, cancellationToken),
            WorkshopCards.Verbs.DeclineSpeaker => await DecideAsync(person, request, approve: false, cancellationToken),
            WorkshopCards.Verbs.AttendanceForm => await AttendanceFormAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.Attendance => await AttendanceAsync(person, request, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
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

        // The coordinators get the request card from the outbox: planned first, it waits for the request (and is
        // dropped when there is none, or it was decided already).
        var now = clock.GetUtcNow();
        await outbox.PlanAsync(WorkshopRows.SpeakerOffered(workshop, person.Id, now), cancellationToken);
        var outcome = await workshops.RequestSpeakerAsync(workshop.Id, person.Id, english, now, cancellationToken);
        if (outcome == SpeakerOutcome.Requested)
        {
            Log.Requested(logger, workshop.Id, person.Id);
        }

        return CardActionResult.Replace(cards.SpeakerOffer(workshop, outcome switch
        {
            SpeakerOutcome.Requested => "Speak_Requested",
            SpeakerOutcome.AlreadyPending => "Speak_Pending",
            SpeakerOutcome.AlreadyApproved => "Speak_Already",
            SpeakerOutcome.AlreadyDeclined => "Speak_Declined",
            SpeakerOutcome.Full => "Speak_Full",
            _ => "Workshop_NotFound",
        }));
    }

    private async Task<CardActionResult> DecideAsync(Person person, CardActionRequest request, bool approve, CancellationToken cancellationToken)
    {
        if (person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        if (await LoadAsync(request, cancellationToken) is not { Kind: WorkshopKinds.Workshop } workshop
            || request.Get(WorkshopCards.Inputs.SpeakerId) is not { } speakerId
            || await programme.GetAsync(speakerId, cancellationToken) is not { } speaker)
        {
            return CardActionResult.Replace(cards.Notice("SpeakerRequest_NotFound"));
        }

        // The speaker is told from the outbox, planned before the decision is written (a decision once made stands).
        var now = clock.GetUtcNow();
        await outbox.PlanAsync(WorkshopRows.SpeakerDecided(workshop, speaker.Id, now), cancellationToken);
        var outcome = await workshops.DecideSpeakerAsync(workshop.Id, speaker.Id, approve, person.Id, now, cancellationToken);
        Log.Decided(logger, workshop.Id, speaker.Id, outcome.ToString(), person.Id);

        workshop = await workshops.GetAsync(workshop.Id, cancellationToken) ?? workshop;
        return CardActionResult.Replace(outcome switch
        {
            SpeakerOutcome.Approved => cards.SpeakerDecision(workshop, "Approve_Done", speaker.DisplayName),
            SpeakerOutcome.Declined => cards.SpeakerDecision(workshop, "Decline_Done", speaker.DisplayName),
            SpeakerOutcome.Full => cards.SpeakerDecision(workshop, "Approve_Full", speaker.DisplayName, "Attention"),
            SpeakerOutcome.AlreadyApproved => cards.SpeakerDecision(workshop, "Approve_Already", speaker.DisplayName, "Warning"),
            SpeakerOutcome.AlreadyDeclined => cards.SpeakerDecision(workshop, "Decline_Already", speaker.DisplayName, "Warning"),
            _ => cards.Notice("SpeakerRequest_NotFound"),
        });
    }

    private async Task<CardActionResult> AttendanceFormAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (workshop, refusal) = await CheckAttendanceAsync(person, request, cancellationToken);
        if (workshop is null)
        {
            return refusal!;
        }

        return CardActionResult.Replace(cards.AttendanceForm(workshop, await RollAsync(workshop, cancellationToken)));
    }

    private async Task<CardActionResult> AttendanceAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (workshop, refusal) = await CheckAttendanceAsync(person, request, cancellationToken);
        if (workshop is null)
        {
            return refusal!;
        }

        var roll = await RollAsync(workshop, cancellationToken);
        var present = WorkshopInput.List(request.Get(WorkshopCards.Inputs.Present)).ToHashSet(StringComparer.Ordinal);
        if (present.Any(id => roll.All(r => r.Student.Id != id)))
        {
            return CardActionResult.Replace(cards.AttendanceForm(workshop, roll, "Attendance_Error"));
        }

        // Compared with what this person's card showed (or, for a card without it, with what is stored), only the
        // marks they changed are written: someone else marking other students meanwhile keeps their marks.
        var shown = request.Data.ContainsKey(WorkshopCards.Inputs.Shown)
            ? WorkshopInput.List(request.Get(WorkshopCards.Inputs.Shown)).ToHashSet(StringComparer.Ordinal)
            : roll.Where(r => r.Attended == true).Select(r => r.Student.Id).ToHashSet(StringComparer.Ordinal);
        var changes = roll
            .Select(r => r.Student.Id)
            .Where(id => present.Contains(id) != shown.Contains(id))
            .ToDictionary(id => id, present.Contains, StringComparer.Ordinal);
        await workshops.RecordAttendanceAsync(workshop.Id, changes, person.Id, clock.GetUtcNow(), cancellationToken);
        Log.Attendance(logger, workshop.Id, changes.Count, person.Id);
        return CardActionResult.Replace(cards.AttendanceForm(workshop, await RollAsync(workshop, cancellationToken), "Attendance_Done"));
    }

    /// <summary>The workshop when this person may take its attendance now; else the card that says why.</summary>
    private async Task<(Workshop? Workshop, CardActionResult? Refusal)> CheckAttendanceAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (await LoadAsync(request, cancellationToken) is not { Status: WorkshopStatus.Published } workshop)
        {
            return (null, CardActionResult.Replace(cards.Notice("Workshop_NotFound")));
        }

        if (!await MayTakeAttendanceAsync(person, workshop, cancellationToken))
        {
            return (null, CardActionResult.Replace(cards.Notice("Refused_NotAttendance")));
        }

        var now = clock.GetUtcNow();
        if (!workshop.IsAttendanceOpen(now))
        {
            return (null, CardActionResult.Replace(cards.AttendanceWindow(workshop, now)));
        }

        return (workshop, null);
    }

    /// <summary>An approved speaker of this workshop, the host of this visit, or a teacher of an invited school.</summary>
    private async Task<bool> MayTakeAttendanceAsync(Person person, Workshop workshop, CancellationToken cancellationToken) =>
        (person.Role == Roles.Teacher && person.SchoolId is { } school && workshop.Schools.Contains(school))
        || (workshop.Kind == WorkshopKinds.Visit && workshop.HostId == person.Id)
        || (workshop.Kind == WorkshopKinds.Workshop && await workshops.IsApprovedSpeakerAsync(workshop.Id, person.Id, cancellationToken));

    private async Task<IReadOnlyList<(Person Student, bool? Attended)>> RollAsync(Workshop workshop, CancellationToken cancellationToken)
    {
        var presence = await workshops.PresenceAsync(workshop.Id, cancellationToken);
        var roll = new List<(Person, bool?)>();
        foreach (var r in await workshops.RegistrationsAsync(workshop.Id, cancellationToken))
        {
            if (r.Status is RegistrationStatus.Confirmed or RegistrationStatus.LateCancelled && await programme.GetAsync(r.PersonId, cancellationToken) is { } student)
            {
                roll.Add((student, presence.TryGetValue(r.PersonId, out var p) ? p.Present : null));
            }
        }

        return roll;
    }

    private async Task<Workshop?> LoadAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Get(WorkshopCards.Inputs.WorkshopId) is { } id ? await workshops.GetAsync(id, cancellationToken) : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Attendance of {WorkshopId}: {Changed} marks changed by {PersonId}")]
        public static partial void Attendance(ILogger logger, string workshopId, int changed, string personId);

        [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "{PersonId} offered to speak at {WorkshopId}")]
        public static partial void Requested(ILogger logger, string workshopId, string personId);

        [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Speaker {SpeakerId} of {WorkshopId}: {Outcome}, by {CoordinatorId}")]
        public static partial void Decided(ILogger logger, string workshopId, string speakerId, string outcome, string coordinatorId);
    }
}
