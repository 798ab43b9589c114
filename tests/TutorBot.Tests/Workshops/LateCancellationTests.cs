using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>
/// The 24-hour rule through the cards. The workshops are placed in time rather than the clock moved: the bot checks
/// the stand-in issuer's tokens against its clock.
/// </summary>
[TestClass]
public sealed class LateCancellationTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await WorkshopTestKit.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    private static WorkshopStore Store => s.App.Services.GetRequiredService<WorkshopStore>();

    [TestMethod]
    public async Task CancellingOnTheEveIsRecordedLateSaysSoAndGivesThePlaceToNobody()
    {
        var workshop = await new WorkshopBuilder().WithCapacity(1).StartingAt(DateTimeOffset.UtcNow.AddHours(20)).StoreAsync(Store);
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "late-1", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("SignUp_Confirmed"));
        StringAssert.Contains(await InvokeAsync(s, InesB, "late-2", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("SignUp_Waiting", 1));

        var card = await InvokeAsync(s, Yasmine, "late-1", WorkshopCards.Verbs.Cancel, Id(workshop.Id));

        StringAssert.Contains(card, Text("Cancel_Late"));
        Assert.AreEqual(RegistrationStatus.LateCancelled, (await Store.GetRegistrationAsync(workshop.Id, Yasmine.Id))!.Status);
        Assert.AreEqual(RegistrationStatus.Waiting, (await Store.GetRegistrationAsync(workshop.Id, InesB.Id))!.Status);
        Assert.AreEqual(1, (await Store.GetAsync(workshop.Id))!.Confirmed);
    }

    [TestMethod]
    public async Task OnceStartedNobodySignsUpOrCancels()
    {
        var workshop = await new WorkshopBuilder().StartingAt(DateTimeOffset.UtcNow.AddMinutes(-5)).StoreAsync(Store);

        StringAssert.Contains(await InvokeAsync(s, Yasmine, "started", WorkshopCards.Verbs.SignUp, Id(workshop.Id)), Text("Workshop_Started"));
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "started", WorkshopCards.Verbs.Cancel, Id(workshop.Id)), Text("Workshop_Started"));
        Assert.IsNull(await Store.GetRegistrationAsync(workshop.Id, Yasmine.Id));
    }
}
