using System.Globalization;
using Microsoft.Extensions.Localization;
using TutorBot.Calendar;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>The cards of workshops and site visits: the coordinator's forms, the students' invitations and status, speakers, attendance.</summary>
public sealed partial class WorkshopCards(IStringLocalizer<WorkshopStrings> strings, IcsLinks icsLinks, TimeProvider clock)
{
    public static class Verbs
    {
        public const string Publish = "publishWorkshop";
        public const string SignUp = "signUpWorkshop";
        public const string Cancel = "cancelWorkshop";
        public const string Speak = "speakWorkshop";
        public const string ApproveSpeaker = "approveSpeaker";
        public const string DeclineSpeaker = "declineSpeaker";
        public const string AttendanceForm = "attendanceForm";
        public const string Attendance = "saveAttendance";
        public const string OfferVisit = "offerVisit";
        public const string MatchForm = "matchVisitForm";
        public const string Match = "matchVisit";

        /// <summary>The next page of a list.</summary>
        public const string ListPage = "listWorkshopsPage";
    }

    public static class Inputs
    {
        public const string WorkshopId = "workshopId";
        public const string Type = "type";
        public const string Schools = "schools";
        public const string Classes = "classes";
        public const string Date = "date";
        public const string Time = "time";
        public const string Duration = "duration";
        public const string Place = "place";
        public const string Capacity = "capacity";
        public const string Speakers = "speakers";
        public const string English = "english";
        public const string Present = "present";

        /// <summary>The students ticked when the roll was shown: a save writes only what the person changed.</summary>
        public const string Shown = "shown";
        public const string SpeakerId = "speakerId";
        public const string Host = "host";
        public const string Site = "site";
        public const string Address = "address";
        public const string City = "city";
        public const string Scope = "scope";
        public const string Page = "page";
    }

    public static readonly int[] Durations = [60, 90, 120, 180, 240];

    public string Text(string key, params object[] args) => strings[key, args];

    public AdaptiveCard Notice(string key, params object[] args) => CardPieces.Notice(Text(key, args));

    public string Title(Workshop w) => w.Kind == WorkshopKinds.Visit ? strings["Visit_Title", w.Site ?? ""] : strings["Type_" + w.Type];

    /// <summary>The coordinator's publish form; after a wrong input it comes back with the values kept and what to fix.</summary>
    public AdaptiveCard PublishForm(IReadOnlyList<School> schools, IReadOnlyList<SchoolClass> classes, CardActionRequest? previous = null, string? errorKey = null)
    {
        var body = new List<CardElement> { CardPieces.Title(strings["Publish_Title"]) };
        AddError(body, errorKey);
        body.AddRange(
        [
            new InputChoiceSet([.. WorkshopTypes.All.Select(t => new Choice(strings["Type_" + t], t))])
            {
                Id = Inputs.Type, Label = strings["Publish_Type"], Style = "compact", IsRequired = true, Value = previous?.Get(Inputs.Type),
            },
            new InputChoiceSet([.. schools.Select(s => new Choice($"{s.Name} ({s.City})", s.Id))])
            {
                Id = Inputs.Schools, Label = strings["Publish_Schools"], IsMultiSelect = true, Style = "expanded", IsRequired = true, Value = previous?.Get(Inputs.Schools),
            },
            ClassChoices(schools, classes, previous),
            .. When(previous),
            new InputText { Id = Inputs.Place, Label = strings["Field_Place"], Placeholder = strings["Publish_Place_Placeholder"], MaxLength = WorkshopInput.TextMax, IsRequired = true, Value = previous?.Get(Inputs.Place) },
            new InputNumber { Id = Inputs.Capacity, Label = strings["Publish_Capacity"], Min = 1, Max = WorkshopInput.CapacityMax, IsRequired = true, Value = Number(previous?.Get(Inputs.Capacity)) ?? 30 },
            new InputNumber { Id = Inputs.Speakers, Label = strings["Publish_Speakers"], Min = 0, Max = WorkshopInput.SpeakersMax, Value = Number(previous?.Get(Inputs.Speakers)) ?? 1 },
        ]);
        return new AdaptiveCard(body, [new ActionExecute(strings["Publish_Submit"], Verbs.Publish, new Dictionary<string, string>())]);
    }

    /// <summary>What the coordinator sees once published, or in the list.</summary>
    public AdaptiveCard CoordinatorStatus(Workshop w, string? noticeKey = null) => CoordinatorStatusSaying(w, noticeKey is null ? null : strings[noticeKey].Value);

    /// <summary>The same, with a notice a feature words itself (site visits).</summary>
    public AdaptiveCard CoordinatorStatusSaying(Workshop w, string? notice)
    {
        var body = new List<CardElement> { CardPieces.Title(Title(w)) };
        if (notice is not null)
        {
            body.Add(new TextBlock(notice) { Color = "Good", Weight = "Bolder" });
        }

        body.Add(Facts(w, withCounts: true));
        return new AdaptiveCard(body);
    }

    /// <summary>The invitation a student gets: sign up, or cancel when already signed up.</summary>
    public AdaptiveCard Invitation(Workshop w, Registration? registration, int waitingPosition = 0, string? noticeKey = null, string? colour = null)
    {
        var body = new List<CardElement> { CardPieces.Title(Title(w)) };
        if (noticeKey is not null)
        {
            body.Add(new TextBlock(strings[noticeKey, waitingPosition]) { Color = colour ?? "Good", Weight = "Bolder" });
        }

        body.Add(Facts(w, withCounts: false));
        var places = Math.Max(0, w.Capacity - w.Confirmed);
        var active = registration is not null && RegistrationStatus.IsActive(registration.Status);
        if (!active)
        {
            body.Add(new TextBlock(places > 0 ? strings["Invite_PlacesLeft", places] : strings["Invite_Full"]) { IsSubtle = true });
        }

        var data = new Dictionary<string, string> { [Inputs.WorkshopId] = w.Id };
        CardAction action = active
            ? new ActionExecute(strings["Invite_Cancel"], Verbs.Cancel, data)
            : new ActionExecute(places > 0 ? strings["Invite_SignUp"] : strings["Invite_Wait"], Verbs.SignUp, data);
        var actions = new List<CardAction> { action };
        if (w.Kind == WorkshopKinds.Visit && registration is { Status: RegistrationStatus.Confirmed, PersonId.Length: > 0 })
        {
            // Students have no mailbox of ours: the visit reaches their calendar as an .ics file.
            body.Add(new TextBlock(strings["Visit_Ics_Help"]) { IsSubtle = true });
            actions.Add(new ActionOpenUrl(strings["Action_AddToCalendar"], icsLinks.Create(WorkshopKinds.Visit, w.BookingId, registration.PersonId)));
        }

        return new AdaptiveCard(body, actions);
    }

    public AdaptiveCard Promoted(Workshop w, string personId) =>
        Invitation(w, new Registration { Status = RegistrationStatus.Confirmed, PersonId = personId }, 0, "Promoted_Title");

    /// <summary>The list of workshops (and visits) a person can act on, one container each, with the buttons that fit their role.</summary>
    /// <remarks>Paged (<paramref name="page"/> from 0) within the message budget: "more" brings the next page of <paramref name="scope"/>.</remarks>
    public AdaptiveCard List(string titleKey, IReadOnlyList<(Workshop Workshop, IReadOnlyList<CardAction> Actions, string? Line)> items, string scope, int page = 0)
    {
        var body = new List<CardElement> { CardPieces.Title(strings[titleKey]) };
        if (items.Count == 0)
        {
            body.Add(new TextBlock(strings["List_Empty"]));
        }

        var entries = new List<CardElement>();
        foreach (var (w, actions, line) in items)
        {
            var items2 = new List<CardElement> { new TextBlock(Title(w)) { Weight = "Bolder" }, Facts(w, withCounts: true) };
            if (line is not null)
            {
                items2.Add(new TextBlock(line) { Color = "Attention" });
            }

            if (actions.Count > 0)
            {
                items2.Add(new ActionSet(actions));
            }

            entries.Add(new Container(items2) { Separator = true, Spacing = "Medium" });
        }

        var pages = CardPages.Split(entries, maxPerPage: 20);
        page = Math.Clamp(page, 0, pages.Count - 1);
        body.AddRange(pages[page]);
        if (pages.Count == 1)
        {
            return new AdaptiveCard(body);
        }

        body.Add(new TextBlock(strings["List_Page", page + 1, pages.Count]) { IsSubtle = true, Size = "Small" });
        var next = page < pages.Count - 1 ? page + 1 : 0;
        var data = new Dictionary<string, string> { [Inputs.Scope] = scope, [Inputs.Page] = next.ToString(CultureInfo.InvariantCulture) };
        return new AdaptiveCard(body, [new ActionExecute(strings[next == 0 ? "List_First" : "List_More"], Verbs.ListPage, data)]);
    }

    public ActionExecute Action(string titleKey, string verb, Workshop w) =>
        new(strings[titleKey], verb, new Dictionary<string, string> { [Inputs.WorkshopId] = w.Id });

    internal InputChoiceSet ClassChoices(IReadOnlyList<School> schools, IReadOnlyList<SchoolClass> classes, CardActionRequest? previous) =>
        new([.. classes.Select(c => new Choice($"{c.Name} — {schools.FirstOrDefault(s => s.Id == c.SchoolId)?.Name}", c.Id))])
        {
            Id = Inputs.Classes, Label = strings["Publish_Classes"], IsMultiSelect = true, Style = "expanded", IsRequired = true, Value = previous?.Get(Inputs.Classes),
        };

    internal CardElement[] When(CardActionRequest? previous)
    {
        return
        [
            .. CardPieces.WhenInputs((Inputs.Date, Inputs.Time), (strings["Field_Date"], strings["Field_Time"]), CardPieces.ParisToday(clock.GetUtcNow()), (previous?.Get(Inputs.Date), previous?.Get(Inputs.Time))),
            new InputChoiceSet([.. Durations.Select(d => new Choice(strings["Duration_Minutes", d], d.ToString(CultureInfo.InvariantCulture)))])
            {
                Id = Inputs.Duration, Label = strings["Field_Duration"], Style = "compact", IsRequired = true, Value = previous?.Get(Inputs.Duration) ?? "120",
            },
        ];
    }

    internal FactSet Facts(Workshop w, bool withCounts)
    {
        var facts = new List<Fact>
        {
            CardPieces.When(strings["Fact_When"], w.StartUtc),
            new(strings["Field_Duration"], strings["Duration_Minutes", w.DurationMinutes]),
            CardPieces.Where(strings["Fact_Where"], w.Kind == WorkshopKinds.Visit ? $"{w.Site}, {w.Address}" : w.Place),
        };
        if (withCounts)
        {
            facts.Add(new(strings["Fact_Places"], strings["Fact_Places_Value", w.Confirmed, w.Capacity, w.Waiting]));
            if (w.Kind == WorkshopKinds.Workshop)
            {
                facts.Add(new(strings["Fact_Speakers"], strings["Fact_Speakers_Value", w.Speakers, w.SpeakersWanted]));
            }
        }

        return new FactSet(facts);
    }

    private void AddError(List<CardElement> body, string? key, string colour = "Attention")
    {
        if (key is not null)
        {
            body.Add(new TextBlock(strings[key]) { Color = colour, Weight = "Bolder" });
        }
    }

    internal static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
