using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>Publishing, signing up, cancelling and the waiting list, end to end through the bot: Kestrel, Azurite, the connector stand-in.</summary>
[TestClass]
[DoNotParallelize]
public sealed class WorkshopPublishTests
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

    [TestMethod]
    public async Task CoordinatorPublishesAndInvitedStudentsGetTheCardFromTheQueueNotFromTheRequest()
    {
        await SayAsync(s, Coordinator, "publier");
        var form = s.Connector.Calls.Single(c => c.Method == "POST");
        StringAssert.Contains(form.CardText, Text("Publish_Title"));
        StringAssert.Contains(form.CardText, Text("Type_" + WorkshopTypes.OralRehearsal));

        var workshop = await PublishAsync(s, form.ActivityId!, PublishForm(capacity: 2));

        Assert.AreEqual(WorkshopTypes.Jobs, workshop.Type);
        Assert.AreEqual(2, workshop.Capacity);
        Assert.AreEqual("etoile-tle-sti2d", workshop.ClassIds);
        Assert.AreEqual(0, SentTo(s, Yasmine).Count(), "the publishing request sends no invitation itself");

        await DrainAsync(s);

        foreach (var student in new[] { Yasmine, InesB, Tom })
        {
            var invitation = SentTo(s, student).Single();
            StringAssert.Contains(invitation.CardText, Text("Type_" + WorkshopTypes.Jobs));
            StringAssert.Contains(invitation.CardText, Text("Invite_SignUp"));
        }

        Assert.AreEqual(0, SentTo(s, Lucas).Count(), "a class that was not invited hears nothing");
    }

    [TestMethod]
    public async Task SameFormSubmittedTwicePublishesOneWorkshopAndInvitesOnce()
    {
        var workshop = await PublishAsync(s, "form-twice");
        var again = await InvokeAsync(s, Coordinator, "form-twice", WorkshopCards.Verbs.Publish, PublishForm());
        await DrainAsync(s);

        StringAssert.Contains(again, Text("Publish_Already"));
        Assert.AreEqual(1, (await WorkshopsAsync(s)).Count(w => w.Id == workshop.Id));
        Assert.AreEqual(1, SentTo(s, Yasmine).Count());
    }

    [TestMethod]
    public async Task OnlyACoordinatorPublishes()
    {
        var before = (await WorkshopsAsync(s)).Count;
        await SayAsync(s, Claire, "publish");
        StringAssert.Contains(s.Connector.Calls.Single().CardText, Text("Refused_NotCoordinator"));

        var card = await InvokeAsync(s, Claire, "form-claire", WorkshopCards.Verbs.Publish, PublishForm());

        StringAssert.Contains(card, Text("Refused_NotCoordinator"));
        Assert.AreEqual(before, (await WorkshopsAsync(s)).Count);
    }

    [TestMethod]
    [DataRow("capacity", "0", "Error_Capacity")]
    [DataRow("capacity", "2.5", "Error_Capacity")]
    [DataRow("type", "party", "Error_Type")]
    [DataRow("classes", "sainte-victoire-mp2", "Error_Classes")]
    [DataRow("schools", "", "Error_Schools")]
    [DataRow("date", "2020-01-01", "Error_When")]
    [DataRow("time", "25:00", "Error_Time")]
    [DataRow("duration", "7", "Error_Duration")]
    [DataRow("place", "", "Error_Place")]
    [DataRow("speakers", "99", "Error_Speakers")]
    public async Task WrongInputReturnsTheFormWithWhatToFixAndStoresNothing(string field, string value, string errorKey)
    {
        var before = (await WorkshopsAsync(s)).Count;
        var form = PublishForm();
        form[field] = value;

        var card = await InvokeAsync(s, Coordinator, "form-bad-" + field, WorkshopCards.Verbs.Publish, form);

        StringAssert.Contains(card, Text(errorKey));
        StringAssert.Contains(card, Text("Publish_Submit"), "the form comes back");
        Assert.AreEqual(before, (await WorkshopsAsync(s)).Count);
        await DrainAsync(s);
        Assert.AreEqual(0, s.Connector.Calls.Count);
    }

    [TestMethod]
    public async Task CpgeWorkshopsAreForSecondYearCpgeClassesOnly()
    {
        var card = await InvokeAsync(s, Coordinator, "form-cpge", WorkshopCards.Verbs.Publish, PublishForm(type: WorkshopTypes.Financing));
        StringAssert.Contains(card, Text("Error_CpgeOnly"));

        var ok = await InvokeAsync(s, Coordinator, "form-cpge-ok", WorkshopCards.Verbs.Publish,
            PublishForm(type: WorkshopTypes.OralRehearsal, classes: "sainte-victoire-mp2", schools: "lycee-sainte-victoire"));
        StringAssert.Contains(ok, Text("Publish_Done"));
    }

    [TestMethod]
    public async Task StudentSignsUpWhenFullWaitsAndIsPromotedInOrderWhenSomeoneCancels()
    {
        var workshop = await PublishAsync(s, "form-waiting", PublishForm(capacity: 1));
        await DrainAsync(s);
        s.Connector.Reset();

        StringAssert.Contains(await InvokeAsync(s, Yasmine, "inv-y", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("SignUp_Confirmed"));
        StringAssert.Contains(await InvokeAsync(s, InesB, "inv-i", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("SignUp_Waiting", 1));
        StringAssert.Contains(await InvokeAsync(s, Tom, "inv-t", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("SignUp_Waiting", 2));
        StringAssert.Contains(await InvokeAsync(s, Tom, "inv-t", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("SignUp_AlreadyWaiting", 2));

        var cancelled = await InvokeAsync(s, Yasmine, "inv-y", WorkshopCards.Verbs.Cancel, Id(workshop.Id));
        StringAssert.Contains(cancelled, Text("Cancel_Done"));

        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        Assert.AreEqual(RegistrationStatus.Confirmed, (await store.GetRegistrationAsync(workshop.Id, InesB.Id))!.Status, "the first of the waiting list got the place");
        Assert.AreEqual(RegistrationStatus.Waiting, (await store.GetRegistrationAsync(workshop.Id, Tom.Id))!.Status);
        var meta = (await store.GetAsync(workshop.Id))!;
        Assert.AreEqual((1, 1), (meta.Confirmed, meta.Waiting));

        Assert.AreEqual(0, SentTo(s, InesB).Count(), "told through the queue, not in Yasmine's request");
        await DrainAsync(s);
        StringAssert.Contains(SentTo(s, InesB).Single().CardText, Text("Promoted_Title"));
        Assert.AreEqual(0, SentTo(s, Tom).Count());
    }

    [TestMethod]
    public async Task PromotionNoticeQueuedBeforeItsTransactionWaitsForItAndIsSentOnce()
    {
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var workshop = await PublishAsync(s, "form-notice-first", PublishForm(capacity: 1));
        await DrainAsync(s);
        await store.SignUpAsync(workshop.Id, Yasmine.Id, DateTimeOffset.UtcNow);
        var waiting = (await store.SignUpAsync(workshop.Id, Tom.Id, DateTimeOffset.UtcNow)).Registration!;
        s.Connector.Reset();

        // The notice of a promotion whose transaction has not committed (yet): nothing is sent, the row stays.
        var outbox = s.App.Services.GetRequiredService<TutorBot.Delivery.OutboxStore>();
        await outbox.PlanAsync(WorkshopRows.Promoted(workshop, waiting, DateTimeOffset.UtcNow.AddSeconds(-30)));
        await RunOnceAsync(s);
        Assert.AreEqual(0, SentTo(s, Tom).Count());
        Assert.HasCount(1, await PendingAsync(s, WorkshopRows.Prefix(workshop.Id) + "promoted/"));

        // The promotion happens: its own notice and the early one make one card.
        await InvokeAsync(s, Yasmine, "n1", WorkshopCards.Verbs.Cancel, Id(workshop.Id));
        await DrainAsync(s);
        StringAssert.Contains(SentTo(s, Tom).Single().CardText, Text("Promoted_Title"));
    }

    [TestMethod]
    public async Task StudentOfAClassNotInvitedCannotSignUp()
    {
        var workshop = await PublishAsync(s, "form-not-invited");

        var card = await InvokeAsync(s, Lucas, "inv-l", WorkshopCards.Verbs.SignUp, Id(workshop.Id));

        StringAssert.Contains(card, Text("Refused_NotInvited"));
        Assert.IsNull(await s.App.Services.GetRequiredService<WorkshopStore>().GetRegistrationAsync(workshop.Id, Lucas.Id));
    }

    [TestMethod]
    public async Task CancellingLessThanADayBeforeIsRecordedAsLateAndPromotesNobody()
    {
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var workshop = await new WorkshopBuilder().WithCapacity(1).StartingAt(DateTimeOffset.UtcNow.AddDays(3)).StoreAsync(store);
        var signUpTime = workshop.StartUtc.AddDays(-2);
        await store.SignUpAsync(workshop.Id, "a", signUpTime);
        await store.SignUpAsync(workshop.Id, "b", signUpTime);

        var late = await store.CancelAsync(workshop.Id, "a", workshop.StartUtc.AddHours(-23));

        Assert.AreEqual(CancelOutcome.LateCancelled, late.Outcome);
        Assert.IsNull(late.Promoted);
        Assert.AreEqual(RegistrationStatus.LateCancelled, (await store.GetRegistrationAsync(workshop.Id, "a"))!.Status);
        Assert.AreEqual(RegistrationStatus.Waiting, (await store.GetRegistrationAsync(workshop.Id, "b"))!.Status);
        Assert.AreEqual(1, (await store.GetAsync(workshop.Id))!.Confirmed, "the place stays taken");
    }

    [TestMethod]
    public async Task StudentWhoCancelledLateAndComesBackGetsTheirPlaceWithoutCountingItTwice()
    {
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var workshop = await new WorkshopBuilder().WithCapacity(2).StoreAsync(store);
        await store.SignUpAsync(workshop.Id, "a", workshop.StartUtc.AddDays(-3));
        await store.CancelAsync(workshop.Id, "a", workshop.StartUtc.AddHours(-5));

        var back = await store.SignUpAsync(workshop.Id, "a", workshop.StartUtc.AddHours(-4));

        Assert.AreEqual(SignUpOutcome.Confirmed, back.Outcome);
        Assert.AreEqual(1, (await store.GetAsync(workshop.Id))!.Confirmed);
    }

    [TestMethod]
    public async Task CancellingExactlyADayBeforeStillFreesThePlace()
    {
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var workshop = await new WorkshopBuilder().WithCapacity(1).StoreAsync(store);
        await store.SignUpAsync(workshop.Id, "a", DateTimeOffset.UtcNow);
        await store.SignUpAsync(workshop.Id, "b", DateTimeOffset.UtcNow);

        var result = await store.CancelAsync(workshop.Id, "a", workshop.StartUtc.AddHours(-24));

        Assert.AreEqual(CancelOutcome.Cancelled, result.Outcome);
        Assert.AreEqual("b", result.Promoted?.PersonId);
    }

    [TestMethod]
    public async Task CancellingTwiceChangesNothingTheSecondTime()
    {
        var workshop = await PublishAsync(s, "form-cancel-twice");
        await InvokeAsync(s, Yasmine, "c1", WorkshopCards.Verbs.SignUp, Id(workshop.Id));
        await InvokeAsync(s, Yasmine, "c1", WorkshopCards.Verbs.Cancel, Id(workshop.Id));
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var before = (await store.GetAsync(workshop.Id))!;

        var again = await InvokeAsync(s, Yasmine, "c1", WorkshopCards.Verbs.Cancel, Id(workshop.Id));

        StringAssert.Contains(again, Text("Cancel_NotRegistered"));
        Assert.AreEqual(before.ETag, (await store.GetAsync(workshop.Id))!.ETag, "storage untouched");
        Assert.AreEqual(0, before.Confirmed);
    }

    [TestMethod]
    public async Task StudentListsTheirWorkshopsInEnglish()
    {
        var workshop = await PublishAsync(s, "form-list");
        s.Connector.Reset();

        await SayAsync(s, Yasmine, "workshops", "en-GB");

        var text = s.Connector.Calls.Single().CardText;
        StringAssert.Contains(text, TextEn("List_Workshops"));
        StringAssert.Contains(text, TextEn("Type_" + workshop.Type));
        StringAssert.Contains(text, TextEn("Invite_SignUp"));
    }

    [TestMethod]
    public async Task HelpListsTheWorkshopCommandsFromTheirOwnResources()
    {
        await SayAsync(s, Yasmine, "aide");

        var text = s.Connector.Calls.Single().CardText;
        StringAssert.Contains(text, Text("Help_Workshops_Word"));
        StringAssert.Contains(text, Text("Help_Workshops"));
        Assert.IsFalse(text.Contains("Help_Publish", StringComparison.Ordinal), "no resource key shows");
    }
}
