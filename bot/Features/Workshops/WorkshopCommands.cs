using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>"publier": the coordinator's publish form.</summary>
public sealed class PublishCommand(ProgrammeStore programme, SchoolDirectory directory, WorkshopCards cards, IStringLocalizer<WorkshopStrings> strings) : IMessageCommand, ILocalisedHelp
{
    public IReadOnlyCollection<string> Keywords { get; } = ["publier", "publish"];

    public string HelpKey => "Help_Publish";

    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Coordinator];

    public string HelpWord => strings["Help_Publish_Word"];

    public string HelpLine => strings["Help_Publish"];

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person?.Role != Roles.Coordinator)
        {
            await turn.SendAsync(cards.Notice("Refused_NotCoordinator"), cancellationToken);
            return;
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        await turn.SendAsync(cards.PublishForm(schools, classes), cancellationToken);
    }
}

/// <summary>
/// "ateliers", "visites", "intervenants": the upcoming workshops and visits as the person may act on them — students
/// sign up or cancel, tutors offer to speak, teachers and speakers take attendance, the coordinator matches visits
/// and sees which workshops still lack speakers.
/// </summary>
public sealed class WorkshopListCommand(
    string[] keywords,
    string helpKey,
    string scope,
    WorkshopStore workshops,
    ProgrammeStore programme,
    WorkshopCards cards,
    TimeProvider clock,
    IStringLocalizer<WorkshopStrings> strings) : IMessageCommand, ILocalisedHelp
{
    public const string Workshops = "workshops";
    public const string Visits = "visits";
    public const string LackingSpeakers = "speakers";

    private static readonly IReadOnlyCollection<string> CoordinatorsOnly = [Roles.Coordinator];

    public IReadOnlyCollection<string> Keywords => keywords;

    public string HelpKey => helpKey;

    /// <summary>Everyone lists workshops and visits; only coordinators list the workshops lacking speakers.</summary>
    public IReadOnlyCollection<string> ForRoles => scope == LackingSpeakers ? CoordinatorsOnly : Roles.Everyone;

    public string HelpWord => strings[helpKey + "_Word"];

    public string HelpLine => strings[helpKey];

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person is null)
        {
            await turn.SendAsync(cards.Notice("Refused_Unknown"), cancellationToken);
            return;
        }

        if (scope == LackingSpeakers && person.Role != Roles.Coordinator)
        {
            await turn.SendAsync(cards.Notice("Refused_NotCoordinator"), cancellationToken);
            return;
        }

        // Attendance is taken on the day or after: a week of past workshops stays listed.
        var now = clock.GetUtcNow();
        var all = (await workshops.ListAsync(now.AddDays(-7), cancellationToken))
            .Where(w => scope switch
            {
                Visits => w.Kind == WorkshopKinds.Visit,
                LackingSpeakers => w.LacksSpeakers && w.StartUtc > now,
                _ => w.Kind == WorkshopKinds.Workshop,
            })
            .OrderBy(w => w.StartUtc)
            .ToList();

        var items = new List<(Workshop, IReadOnlyList<CardAction>, string?)>();
        foreach (var w in all)
        {
            if (await ItemAsync(person, w, now, cancellationToken) is { } item)
            {
                items.Add(item);
            }
        }

        var title = scope switch { Visits => "List_Visits", LackingSpeakers => "List_LackingSpeakers", _ => "List_Workshops" };
        await turn.SendAsync(cards.List(title, items), cancellationToken);
    }

    private async Task<(Workshop, IReadOnlyList<CardAction>, string?)?> ItemAsync(Person person, Workshop w, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var upcoming = w.StartUtc > now;
        switch (person.Role)
        {
            case Roles.Coordinator:
                var line = w.LacksSpeakers ? strings["List_SpeakersMissing", w.SpeakersWanted - w.Speakers].Value : null;
                return w.Status == WorkshopStatus.Offered
                    ? (w, [cards.Action("Match_Open", WorkshopCards.Verbs.MatchForm, w)], strings["List_Offered"].Value)
                    : (w, [], line);
            case Roles.Student when w.Status == WorkshopStatus.Published && upcoming && person.ClassId is { } classId && w.Classes.Contains(classId):
                var registration = await workshops.GetRegistrationAsync(w.Id, person.Id, cancellationToken);
                var active = registration is not null && RegistrationStatus.IsActive(registration.Status);
                var status = registration is null ? null : strings["Status_" + registration.Status].Value;
                return (w, [active ? cards.Action("Invite_Cancel", WorkshopCards.Verbs.Cancel, w) : cards.Action("Invite_SignUp", WorkshopCards.Verbs.SignUp, w)], status);
            case Roles.Teacher when person.SchoolId is { } school && w.Schools.Contains(school):
                return (w, [cards.Action("Attendance_Open", WorkshopCards.Verbs.AttendanceForm, w)], null);
            case Roles.Tutor when w.Status == WorkshopStatus.Published:
                var speaker = w.Kind == WorkshopKinds.Workshop ? await workshops.GetSpeakerAsync(w.Id, person.Id, cancellationToken) : null;
                if ((w.Kind == WorkshopKinds.Visit && w.HostId == person.Id) || speaker?.Status == SpeakerStatus.Approved)
                {
                    return (w, [cards.Action("Attendance_Open", WorkshopCards.Verbs.AttendanceForm, w)], strings["List_YouSpeak"].Value);
                }

                if (speaker?.Status == SpeakerStatus.Pending)
                {
                    return (w, [], strings["List_SpeakPending"].Value);
                }

                return w.Kind == WorkshopKinds.Workshop && upcoming
                    ? (w, [w.Type == WorkshopTypes.International
                        ? new ActionExecute(strings["Speak_English"], WorkshopCards.Verbs.Speak, new Dictionary<string, string> { [WorkshopCards.Inputs.WorkshopId] = w.Id, [WorkshopCards.Inputs.English] = "true" })
                        : cards.Action("Speak_Submit", WorkshopCards.Verbs.Speak, w)], null)
                    : null;
            default:
                return null;
        }
    }
}
