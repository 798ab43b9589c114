using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Conversation;

/// <summary>
/// Identity checks compare present Entra object ids only: a person stored without one, and an activity without one,
/// never match each other (nor anyone).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class IdentityTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    private static string Url => s.Connector.ServiceUrl;

    /// <summary>A tutor and their student, the student stored with <paramref name="studentObjectId"/> (null or empty).</summary>
    private static async Task<(Person Tutor, Person Student)> PairAsync(string? studentObjectId)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var tutor = new Person("tutor-" + tag, Roles.Tutor, "Tuteur " + tag, DemoData.TenantId, Guid.NewGuid().ToString(), "29:tutor-" + tag, "provence-energie");
        var student = new Person("student-" + tag, Roles.Student, "Élève " + tag, DemoData.TenantId, studentObjectId, "29:student-" + tag, SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d", TutorId: tutor.Id);
        var programme = s.App.Services.GetRequiredService<ProgrammeStore>();
        await programme.UpsertAsync(tutor);
        await programme.UpsertAsync(student);
        return (tutor, student);
    }

    private static async Task<TutoringSession> ProposeAsync(Person tutor, Person student)
    {
        var form = "form-" + Guid.NewGuid().ToString("N")[..8];
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var response = await s.App.PostActivityAsync(Activities.CardAction(Url, tutor, form, TutoringCards.Verbs.Propose, new Dictionary<string, string>
        {
            ["studentId"] = student.Id,
            ["date"] = paris.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = "18:00",
            ["duration"] = "60",
            ["place"] = Places.Teams,
        }));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        await s.App.OutboxDrainedAsync();
        return await SessionAsync(student.Id, x => x.TutorCardActivityId == form);
    }

    private static async Task<TutoringSession> SessionAsync(string studentId, Func<TutoringSession, bool> which)
    {
        await foreach (var session in s.App.Table(SessionStore.Table).QueryAsync<TutoringSession>(x => x.PartitionKey == studentId))
        {
            if (which(session))
            {
                return session;
            }
        }

        throw new AssertFailedException("no such session");
    }

    [TestMethod]
    [DataRow(null, DisplayName = "stored null, activity without aadObjectId")]
    [DataRow("", DisplayName = "stored empty, activity with an empty aadObjectId")]
    public async Task AnActivityWithoutObjectIdCannotAnswerForAStudentStoredWithoutOne(string? objectId)
    {
        var (tutor, student) = await PairAsync(objectId);
        var session = await ProposeAsync(tutor, student);
        var intruder = new Person("intruder", Roles.Student, "Intrus", DemoData.TenantId, objectId, "29:intruder-" + Guid.NewGuid().ToString("N")[..8]);

        var response = await s.App.PostActivityAsync(Activities.CardAction(Url, intruder, "any-card", TutoringCards.Verbs.Answer,
            new Dictionary<string, string> { ["studentId"] = student.Id, ["sessionId"] = session.Id, ["answer"] = TutoringCards.Answers.Confirm }));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(SessionStatus.Proposed, (await SessionAsync(student.Id, x => x.Id == session.Id)).Status, "the intruder's click changed nothing");
    }

    [TestMethod]
    public async Task AnActivityWithAnEmptyObjectIdIsNeverTakenForAStudentStoredWithAnEmptyOne()
    {
        var (tutor, student) = await PairAsync("");
        var intruder = new Person("intruder", Roles.Student, "Intrus", DemoData.TenantId, "", "29:intruder-" + Guid.NewGuid().ToString("N")[..8]);
        var intruderChat = Activities.ConversationIdOf(intruder);
        await s.App.PostActivityAsync(Activities.Message(Url, intruder, "aide"));
        var mark = s.Connector.Calls.Count;

        await ProposeAsync(tutor, student);

        Assert.IsFalse(s.Connector.Calls.Skip(mark).Any(c => c.ConversationId == intruderChat), "the student's invitation did not go to the intruder's chat");
        Assert.IsTrue(s.Connector.Calls.Skip(mark).Any(c => c.Method == "POST" && c.ConversationId != intruderChat && c.CardText.Contains(tutor.DisplayName, StringComparison.Ordinal)), "the invitation went to the student's own chat");
    }
}
