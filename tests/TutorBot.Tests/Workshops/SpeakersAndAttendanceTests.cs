using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>Speakers sign up (in English for international workshops), the coordinator sees who is missing, attendance is taken.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SpeakersAndAttendanceTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await WorkshopTestKit.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
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

        StringAssert.Contains(await InvokeAsync(s, Claire, "s1", WorkshopCards.Verbs.Speak, Id(international.Id, ("english", "true"))), Text("Speak_Done"));
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
    public async Task SpeakerOrTheSchoolsTeacherTakesAttendanceAndNobodyElse()
    {
        var workshop = await PublishAsync(s, "att");
        await InvokeAsync(s, Yasmine, "a1", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        await InvokeAsync(s, Tom, "a2", WorkshopCards.Verbs.SignUp, Id(workshop.Id));

        // A tutor who does not speak there, a student: refused.
        StringAssert.Contains(await InvokeAsync(s, Karim, "a3", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id)), Text("Refused_NotAttendance"));
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "a3", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", Yasmine.Id))), Text("Refused_NotAttendance"));
        Assert.IsNull((await Store.GetRegistrationAsync(workshop.Id, Yasmine.Id))!.Attended);

        // The teacher of the invited school.
        var roll = await InvokeAsync(s, Teacher, "a4", WorkshopCards.Verbs.AttendanceForm, Id(workshop.Id));
        StringAssert.Contains(roll, Yasmine.DisplayName);
        StringAssert.Contains(roll, Tom.DisplayName);
        StringAssert.Contains(await InvokeAsync(s, Teacher, "a4", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", Yasmine.Id))), Text("Attendance_Done"));
        Assert.IsTrue((await Store.GetRegistrationAsync(workshop.Id, Yasmine.Id))!.Attended);
        Assert.IsFalse((await Store.GetRegistrationAsync(workshop.Id, Tom.Id))!.Attended);

        // A speaker corrects it; a student who is not on the list is refused and nothing changes.
        await InvokeAsync(s, Claire, "a5", WorkshopCards.Verbs.Speak, Id(workshop.Id));
        StringAssert.Contains(await InvokeAsync(s, Claire, "a5", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", $"{Lucas.Id},{Tom.Id}"))), Text("Attendance_Error"));
        Assert.IsFalse((await Store.GetRegistrationAsync(workshop.Id, Tom.Id))!.Attended);
        await InvokeAsync(s, Claire, "a5", WorkshopCards.Verbs.Attendance, Id(workshop.Id, ("present", $"{Yasmine.Id},{Tom.Id}")));
        Assert.IsTrue((await Store.GetRegistrationAsync(workshop.Id, Tom.Id))!.Attended);
        Assert.AreEqual(Claire.Id, (await Store.GetRegistrationAsync(workshop.Id, Tom.Id))!.AttendanceBy);
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
