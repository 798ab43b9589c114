using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>The list a person sees of one scope (workshops, visits, lacking speakers), a page at a time.</summary>
public sealed class WorkshopLists(WorkshopStore workshops, WorkshopCards cards, TimeProvider clock, IStringLocalizer<WorkshopStrings> strings)
{
    public static readonly IReadOnlyCollection<string> Scopes = [WorkshopListCommand.Workshops, WorkshopListCommand.Visits, WorkshopListCommand.LackingSpeakers];

    /// <param name="page">From 0: a long list is paged ("more"), nothing is left out.</param>
    public async Task<AdaptiveCard> CardAsync(Person person, string scope, int page, CancellationToken cancellationToken)
    {
        // Attendance is taken on the day or after: a week of past workshops stays listed.
        var now = clock.GetUtcNow();
        var all = (await workshops.ListAsync(now.AddDays(-7), cancellationToken))
            .Where(w => scope switch
            {
                WorkshopListCommand.Visits => w.Kind == WorkshopKinds.Visit,
                WorkshopListCommand.LackingSpeakers => w.LacksSpeakers && w.StartUtc > now,
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

        var title = scope switch { WorkshopListCommand.Visits => "List_Visits", WorkshopListCommand.LackingSpeakers => "List_LackingSpeakers", _ => "List_Workshops" };
        return cards.List(title, items, scope, page);
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

/// <summary>"More" on a list card: the next page of the same list, in place of the card.</summary>
public sealed class WorkshopListActions(ProgrammeStore programme, WorkshopLists lists, WorkshopCards cards) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [WorkshopCards.Verbs.ListPage];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        var scope = request.Get(WorkshopCards.Inputs.Scope);
        if (person is null || scope is null || !WorkshopLists.Scopes.Contains(scope))
        {
            return CardActionResult.Replace(cards.Notice("Refused_Unknown"));
        }

        if (scope == WorkshopListCommand.LackingSpeakers && person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        var page = int.TryParse(request.Get(WorkshopCards.Inputs.Page), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;
        return CardActionResult.Replace(await lists.CardAsync(person, scope, page, cancellationToken));
    }
}
