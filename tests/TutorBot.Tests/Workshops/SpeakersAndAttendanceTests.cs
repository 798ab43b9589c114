using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>
/// Speakers offer (in English for international workshops) and a coordinator approves within the speakers wanted;
/// the coordinator sees who is missing; approved speakers and the schools' teachers take attendance in its window.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class SpeakersAndAttendanceTests
{
    // The verbs of the coordinator's decision card, as the card sends them.
    private const string Approve = "approveSpeaker";
    private const string Decline = "declineSpeaker";

    /// <summary>A second coordinator, for two approvals at once.</summary>
    private static readonly Person Paul = new("coordinator-paul", Roles.Coordinator, "Paul Arnaud", DemoData.TenantId, "00000000-0000-0000-0000-0000000000028", "user-id-8", "passeport-avenir");

    private static readonly SettableClock Clock = new(DateTimeOffset.UtcNow);
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        // Inbound tokens are real-time: their skew is widened so the fake clock can move to the workshop's day.
        s = await WorkshopTestKit.StartAsync(new() { ["Bot:Auth:ClockSkew"] = "3650.00:00:00" }, x =>
        {
            x.AddSingleton<TimeProvider>(Clock);
        });
        await s.App.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(Paul);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        Clock.Now = DateTimeOffset.UtcNow;
        await DrainAsync(s);
        s.Connector.Reset();
    }

    private static WorkshopStore Store => s.App.Services.GetRequiredService<WorkshopStore>();

    [TestMethod]
    public async Task InternationalWorkshopsTakeEnglishSpeakersAndTheCoordinatorSeesWhoIsMissing()
    {
        var international = await PublishAsync(s, "spk-intl", PublishForm(type: WorkshopTypes.International, speakers: 2));

        var refused = await InvokeAsync(s, Claire, "s1", WorkshopCards.Verbs.Speak, Id(international.Id));
        StringAssert.Contains(refused, Text("Speak_EnglishNeeded"));
        Assert.AreEqual(0, (await Store.GetAsync(international.Id))!.Speakers);

        // An offer is a request: counted once a coordinator approves it.
        StringAssert.Contains(await InvokeAsync(s, Claire, "s1", WorkshopCards.Verbs.Speak, Id(international.Id, ("english", "true"))), Text("Speak_Requested"));
        StringAssert.Contains(await InvokeAsync(s, Claire, "s1", WorkshopCards.Verbs.Speak, Id(international.Id, ("english", "true"))), Text("Speak_Pending"));
        Assert.AreEqual(0, (await Store.GetAsync(international.Id))!.Speakers);
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "d1", Approve, Decision(international, Claire)), Text("Approve_Done", Claire.DisplayName));
        StringAssert.Contains(await InvokeAsync(s, Claire, "s1", WorkshopCards.Verbs.Speak, Id(international.Id, ("english", "true"))), Text("Speak_Already"));
        Assert.AreEqual(1, (await Store.GetAsync(international.Id))!.Speakers);
        Assert.IsTrue((await Store.SpeakersAsync(international.Id)).Single().English);

        s.Connector.Reset();
        await SayAsync(s, Coordinator, "intervenants");
        var view = s.Connector.Calls.Single().CardText;
        StringAssert.Contains(view, Text("List_LackingSpeakers"));
        StringAssert.Contains(view, Text("List_SpeakersMissing", 1));
        StringAssert.Contains(view, Text("Type_" + WorkshopTypes.International));

        await InvokeAsync(s, Karim, "s2", WorkshopCards.Verbs.Speak, Id(international.Id, ("english", "true")));
        await InvokeAsync(s, Coordinator, "d2", Approve, Decision(international, Karim));
        s.Connector.Reset();
        await SayAsync(s, Coordinator, "speakers", "en-GB");
        Assert.IsFalse(s.Connector.Calls.Single().CardText.Contains(TextEn("Type_" + WorkshopTypes.International), StringComparison.Ordinal), "no longer lacking");
    }

    [TestMethod]
    public async Task OnlyTutorsAndPartnerEmployeesSpeakAndOnlyCoordinatorsSeeTheGaps()
    {
        var workshop = await PublishAsync(s, "spk-roles");

        StringAssert.Contains(await InvokeAsync(s, Yasmine, "s3", WorkshopCards.Verbs.Speak, Id(workshop.Id)), Text("Refused_NotSpeaker"));
        StringAssert.Contains(await InvokeAsync(s, Teacher, "s3", WorkshopCards.Verbs.Speak, Id(workshop.Id)), Text("Refused_NotSpeaker"));
        Assert.AreEqual(0, (await Store.GetAsync(workshop.Id))!.Speakers);

        s.Connector.Reset();
        await SayAsync(s, Claire, "intervenants");
        StringAssert.Contains(s.Connector.Calls.Single().CardText, Text("Refused_NotCoordinator"));
    }

    [TestMethod]
    public async Task AnOfferToSpeakIsPendingUntilACoordinatorApprovesItOnTheCardSentToCoordinators()
    {
        var workshop = await PublishAsync(s, "spk-request");
        StringAssert.Contains(await InvokeAsync(s, Claire, "r1", WorkshopCards.Verbs.Speak, Id(workshop.Id)), Text("Speak_Requested"));
        Assert.AreEqual(0, (await Store.GetAsync(workshop.Id))!.Speakers);
        Assert.AreEqual("pending", await SpeakerStatusAsync(workshop, Claire));
        s.Connector.Reset();
        await SayAsync(s, Claire, "ateliers");
        StringAssert.Contains(s.Connector.Calls.Single().CardText, Text("List_SpeakPending"));

        // Each coordinator gets the request card from the queue, with the buttons that decide.
        await DrainAsync(s);
        foreach (var coordinator in new[] { Coordinator, Paul })
        {
            var request = SentTo(s, coordinator).Single();
            StringAssert.Contains(request.CardText, Text("SpeakerRequest_Title", Claire.DisplayName));
            StringAssert.Contains(request.CardText, Text("SpeakerRequest_Approve"));
        }

        // A pending speaker does not take attendance, even on the day.
        Clock.Now = workshop.StartUtc;
        StringAssert.Contains(await InvokeAsync(s, Claire, "r2", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), Text("Refused_NotAttendance"));
        Clock.Now = DateTimeOffset.UtcNow;

        // Nobody but a coordinator decides, whatever the card data says; the requester least of all.
        foreach (var who in new[] { Claire, Karim, Teacher, Yasmine })
        {
            StringAssert.Contains(await InvokeAsync(s, who, "r3", Approve, Decision(workshop, Claire)), Text("Refused_NotCoordinator"));
        }

        Assert.AreEqual("pending", await SpeakerStatusAsync(workshop, Claire));
        Assert.AreEqual(0, (await Store.GetAsync(workshop.Id))!.Speakers);

        StringAssert.Contains(await InvokeAsync(s, Coordinator, "r4", Approve, Decision(workshop, Claire)), Text("Approve_Done", Claire.DisplayName));
        StringAssert.Contains(await InvokeAsync(s, Paul, "r5", Approve, Decision(workshop, Claire)), Text("Approve_Already", Claire.DisplayName));
        Assert.AreEqual("approved", await SpeakerStatusAsync(workshop, Claire));
        Assert.AreEqual(1, (await Store.GetAsync(workshop.Id))!.Speakers);

        // The speaker is told.
        await DrainAsync(s);
        StringAssert.Contains(SentTo(s, Claire).Last().CardText, Text("Speak_Approved"));
    }

    [TestMethod]
    public async Task ApprovalBeyondTheSpeakersWantedIsRefusedAndADeclineCountsNothing()
    {
        var workshop = await PublishAsync(s, "spk-full", PublishForm(speakers: 1));
        await InvokeAsync(s, Claire, "f1", WorkshopCards.Verbs.Speak, Id(workshop.Id));
        await InvokeAsync(s, Karim, "f2", WorkshopCards.Verbs.Speak, Id(workshop.Id));

        StringAssert.Contains(await InvokeAsync(s, Coordinator, "f3", Approve, Decision(workshop, Claire)), Text("Approve_Done", Claire.DisplayName));
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "f4", Approve, Decision(workshop, Karim)), Text("Approve_Full", 1));
        Assert.AreEqual("pending", await SpeakerStatusAsync(workshop, Karim));
        Assert.AreEqual(1, (await Store.GetAsync(workshop.Id))!.Speakers);

        StringAssert.Contains(await InvokeAsync(s, Coordinator, "f5", Decline, Decision(workshop, Karim)), Text("Decline_Done", Karim.DisplayName));
        Assert.AreEqual("declined", await SpeakerStatusAsync(workshop, Karim));
        Assert.AreEqual(1, (await Store.GetAsync(workshop.Id))!.Speakers);
    }

    [TestMethod]
    public async Task TwoCoordinatorsApprovingTheLastPlaceAtOnceCannotBothWin()
    {
        for (var round = 0; round < 3; round++)
        {
            var workshop = await PublishAsync(s, "spk-race-" + round, PublishForm(speakers: 1));
            await InvokeAsync(s, Claire, "x1", WorkshopCards.Verbs.Speak, Id(workshop.Id));
            await InvokeAsync(s, Karim, "x2", WorkshopCards.Verbs.Speak, Id(workshop.Id));

            var cards = await Task.WhenAll(
                InvokeAsync(s, Coordinator, "x3", Approve, Decision(workshop, Claire)),
                InvokeAsync(s, Paul, "x4", Approve, Decision(workshop, Karim)));

            Assert.AreEqual(1, cards.Count(c => c.Contains(Text("Approve_Full", 1), StringComparison.Ordinal)), string.Join(" | ", cards));
            Assert.AreEqual(1, (await Store.GetAsync(workshop.Id))!.Speakers);
            Assert.AreEqual(1, (await Task.WhenAll(SpeakerStatusAsync(workshop, Claire), SpeakerStatusAsync(workshop, Karim))).Count(x => x == "approved"));
        }
    }

    [TestMethod]
    public async Task SpeakerOrTheSchoolsTeacherTakesAttendanceAndNobodyElse()
    {
        var workshop = await PublishAsync(s, "att");
        await InvokeAsync(s, Yasmine, "a1", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        await InvokeAsync(s, Tom, "a2", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        Clock.Now = workshop.StartUtc;

        // A tutor who does not speak there, a student: refused.
        StringAssert.Contains(await InvokeAsync(s, Karim, "a3", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), Text("Refused_NotAttendance"));
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "a3", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", Yasmine.Id))), Text("Refused_NotAttendance"));
        Assert.IsNull(await PresentAsync(workshop, Yasmine));

        // The teacher of the invited school; the roll names students by first name and initial only.
        var roll = await InvokeAsync(s, Teacher, "a4", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id));
        StringAssert.Contains(roll, "Yasmine B.");
        StringAssert.Contains(roll, "Tom G.");
        Assert.IsFalse(roll.Contains("Benali", StringComparison.Ordinal) || roll.Contains("Girard", StringComparison.Ordinal), roll);
        StringAssert.Contains(await InvokeAsync(s, Teacher, "a4", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", Yasmine.Id))), Text("Attendance_Done"));
        Assert.IsTrue(await PresentAsync(workshop, Yasmine));
        Assert.AreNotEqual(true, await PresentAsync(workshop, Tom), "not ticked: not present");

        // An approved speaker corrects it; a student who is not on the list is refused and nothing changes.
        await InvokeAsync(s, Claire, "a5", WorkshopCards.Verbs.Speak, Id(workshop.Id));
        await InvokeAsync(s, Coordinator, "a6", Approve, Decision(workshop, Claire));
        StringAssert.Contains(await InvokeAsync(s, Claire, "a5", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", $"{Lucas.Id},{Tom.Id}"))), Text("Attendance_Error"));
        Assert.AreNotEqual(true, await PresentAsync(workshop, Tom));
        await InvokeAsync(s, Claire, "a5", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", $"{Yasmine.Id},{Tom.Id}")));
        Assert.IsTrue(await PresentAsync(workshop, Tom));
        Assert.AreEqual(Claire.Id, await PresenceByAsync(workshop, Tom));
    }

    [TestMethod]
    public async Task ASpeakerOfAnotherWorkshopDoesNotTakeThisOnesAttendance()
    {
        var mine = await PublishAsync(s, "att-mine");
        var other = await PublishAsync(s, "att-other");
        await InvokeAsync(s, Yasmine, "o1", WorkshopCards.Verbs.SignUp, Id(other.Id));
        await InvokeAsync(s, Claire, "o2", WorkshopCards.Verbs.Speak, Id(mine.Id));
        await InvokeAsync(s, Coordinator, "o3", Approve, Decision(mine, Claire));
        Clock.Now = other.StartUtc;

        StringAssert.Contains(await InvokeAsync(s, Claire, "o4", WorkshopCards.Verbs.AttendanceForm, Id(other.Id)), Text("Refused_NotAttendance"));
        StringAssert.Contains(await InvokeAsync(s, Claire, "o4", WorkshopCards.Verbs.Attendance, Id(other.Id, ("present", Yasmine.Id))), Text("Refused_NotAttendance"));
        Assert.IsNull(await PresentAsync(other, Yasmine));
    }

    [TestMethod]
    public async Task AttendanceOpensAnHourBeforeTheStartAndClosesTwoDaysAfterTheEnd()
    {
        var workshop = await PublishAsync(s, "att-window");
        await InvokeAsync(s, Yasmine, "w1", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        var opens = workshop.StartUtc.AddHours(-1);
        var closes = workshop.EndUtc.AddHours(48);

        Clock.Now = opens.AddMinutes(-1);
        StringAssert.Contains(await InvokeAsync(s, Teacher, "w2", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), Text("Attendance_NotYet", Paris(opens)));
        StringAssert.Contains(await InvokeAsync(s, Teacher, "w2", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", Yasmine.Id))), Text("Attendance_NotYet", Paris(opens)));
        Assert.IsNull(await PresentAsync(workshop, Yasmine));

        Clock.Now = opens.AddMinutes(1);
        StringAssert.Contains(await InvokeAsync(s, Teacher, "w3", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), "Yasmine B.");

        Clock.Now = closes.AddMinutes(-1);
        StringAssert.Contains(await InvokeAsync(s, Teacher, "w4", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", Yasmine.Id))), Text("Attendance_Done"));
        Assert.IsTrue(await PresentAsync(workshop, Yasmine));

        Clock.Now = closes.AddMinutes(1);
        StringAssert.Contains(await InvokeAsync(s, Teacher, "w5", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", ""))), Text("Attendance_Closed", Paris(closes)));
        Assert.IsTrue(await PresentAsync(workshop, Yasmine), "unchanged once closed");
    }

    [TestMethod]
    public async Task TwoPeopleMarkingTwoStudentsAtOnceBothStick()
    {
        var workshop = await PublishAsync(s, "att-race");
        await InvokeAsync(s, Yasmine, "c1", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        await InvokeAsync(s, Tom, "c2", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        await InvokeAsync(s, Claire, "c3", WorkshopCards.Verbs.Speak, Id(workshop.Id));
        await InvokeAsync(s, Coordinator, "c4", Approve, Decision(workshop, Claire));
        Clock.Now = workshop.StartUtc.AddMinutes(10);

        // Both open the roll (nobody ticked yet), the teacher ticks Yasmine, the speaker ticks Tom, both save at once.
        var teacherData = ActionData(await InvokeCardAsync(s, Teacher, "c5", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), WorkshopCards.Verbs.Attendance);
        var speakerData = ActionData(await InvokeCardAsync(s, Claire, "c6", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), WorkshopCards.Verbs.Attendance);
        teacherData["present"] = Yasmine.Id;
        speakerData["present"] = Tom.Id;
        var saved = await Task.WhenAll(
            InvokeAsync(s, Teacher, "c5", WorkshopCards.Verbs.Attendance, teacherData),
            InvokeAsync(s, Claire, "c6", WorkshopCards.Verbs.Attendance, speakerData));

        Assert.IsTrue(saved.All(c => c.Contains(Text("Attendance_Done"), StringComparison.Ordinal)));
        Assert.IsTrue(await PresentAsync(workshop, Yasmine));
        Assert.IsTrue(await PresentAsync(workshop, Tom));
        Assert.AreEqual(Teacher.Id, await PresenceByAsync(workshop, Yasmine));
        Assert.AreEqual(Claire.Id, await PresenceByAsync(workshop, Tom));

        // Unticking is a change too: the teacher takes Yasmine off, Tom stays as the speaker marked him.
        var again = ActionData(await InvokeCardAsync(s, Teacher, "c7", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), WorkshopCards.Verbs.Attendance);
        again["present"] = Tom.Id;
        await InvokeAsync(s, Teacher, "c7", WorkshopCards.Verbs.Attendance, again);
        Assert.IsFalse(await PresentAsync(workshop, Yasmine));
        Assert.IsTrue(await PresentAsync(workshop, Tom));
        Assert.AreEqual(Claire.Id, await PresenceByAsync(workshop, Tom));
    }

    private static Dictionary<string, string> Decision(Workshop workshop, Person speaker) => Id(workshop.Id, ("speakerId", speaker.Id));

    private static async Task<string?> SpeakerStatusAsync(Workshop workshop, Person speaker)
    {
        var row = await s.App.Table(WorkshopStore.Table).GetEntityIfExistsAsync<TableEntity>(workshop.Id, "spk:" + speaker.Id);
        return row.HasValue ? row.Value!.GetString("Status") : null;
    }

    /// <summary>The student's presence row in the workshop's partition: null when never marked.</summary>
    private static async Task<bool?> PresentAsync(Workshop workshop, Person student)
    {
        var row = await s.App.Table(WorkshopStore.Table).GetEntityIfExistsAsync<TableEntity>(workshop.Id, "att:" + student.Id);
        return row.HasValue ? row.Value!.GetBoolean("Present") : null;
    }

    private static async Task<string?> PresenceByAsync(Workshop workshop, Person student)
    {
        var row = await s.App.Table(WorkshopStore.Table).GetEntityIfExistsAsync<TableEntity>(workshop.Id, "att:" + student.Id);
        return row.HasValue ? row.Value!.GetString("By") : null;
    }

    private static string Paris(DateTimeOffset utc)
    {
        using var _ = new TutorBot.Conversation.CultureScope(Fr);
        return TutorBot.Conversation.Culture.FormatParis(utc);
    }

    [TestMethod]
    public void EveryFrenchWorkshopStringHasAnEnglishOneWithTheSamePlaceholders()
    {
        var french = WorkshopTestKit.Resources.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var english = WorkshopTestKit.Resources.GetResourceSet(En, true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        CollectionAssert.AreEquivalent(french.Keys.ToList(), english.Keys.ToList());
        foreach (var (key, fr) in french)
        {
            var placeholders = Regex.Matches(fr, @"\{\d\}").Select(m => m.Value).Distinct().Order();
            var en = Regex.Matches(english[key], @"\{\d\}").Select(m => m.Value).Distinct().Order();
            CollectionAssert.AreEqual(placeholders.ToList(), en.ToList(), key);
        }

        foreach (var type in WorkshopTypes.All)
        {
            Assert.IsTrue(french.ContainsKey("Type_" + type), type);
        }

        foreach (var status in new[] { RegistrationStatus.Confirmed, RegistrationStatus.Waiting, RegistrationStatus.Cancelled, RegistrationStatus.LateCancelled })
        {
            Assert.IsTrue(french.ContainsKey("Status_" + status), status);
        }
    }
}
