using System.Globalization;
using TutorBot.Cards;
using TutorBot.Features.Programme;
using TutorBot.Features.Waves;

namespace TutorBot.Tests.Waves;

/// <summary>The waves' rules on their records, without HTTP or storage: audiences, who may send, states, counts, CSV, card size.</summary>
[TestClass]
public sealed class WaveRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);

    private static readonly WaveCandidate[] People =
    [
        new("s1", Roles.Student, "A", "A-1"),
        new("s2", Roles.Student, "A", "A-2"),
        new("s3", Roles.Student, "B", "B-1"),
        new("t1", Roles.Tutor, null, null),
        new("k1", Roles.Coordinator, null, null),
        new("r1", Roles.Teacher, "A", null),
        new("s1", Roles.Student, "A", "A-1", "s|A"),
    ];

    private static Wave NewWave(string state = WaveStates.Draft, int answers = 2, WaveAudience? audience = null) => new(
        "w1", "Rappel", new WaveText("Bonjour", "Hello"), [.. new[] { new WaveText("Oui", "Yes"), new WaveText("Non", "No"), new WaveText("Peut-être") }.Take(answers)],
        audience ?? new WaveAudience(AudienceKinds.Everyone), 24, state, "k1", Now, 10);

    private static string[] Ids(WaveAudience audience, IReadOnlySet<string>? listed = null) => [.. audience.Resolve(People, listed).Select(c => c.Id)];

    [TestMethod]
    public void EveryoneMeansTheStudentsAndTutorsEachOnce()
    {
        CollectionAssert.AreEqual(new[] { "s1", "s2", "s3", "t1" }, Ids(new WaveAudience(AudienceKinds.Everyone)));
        CollectionAssert.AreEqual(new[] { "t1" }, Ids(new WaveAudience(AudienceKinds.Role, Role: Roles.Tutor)));
        CollectionAssert.AreEqual(new[] { "s1", "s2", "s3" }, Ids(new WaveAudience(AudienceKinds.Role, Role: Roles.Student)));
    }

    [TestMethod]
    public void ASchoolOrAClassReachesItsStudentsOnly()
    {
        CollectionAssert.AreEqual(new[] { "s1", "s2" }, Ids(new WaveAudience(AudienceKinds.School, SchoolId: "A")), "not the school's teacher");
        CollectionAssert.AreEqual(new[] { "s2" }, Ids(new WaveAudience(AudienceKinds.Class, ClassId: "A-2")));
        CollectionAssert.AreEqual(Array.Empty<string>(), Ids(new WaveAudience(AudienceKinds.Class, ClassId: "Z-9")));
    }

    [TestMethod]
    public void WorkshopRegistrantsAndNonRespondersComeFromTheirList()
    {
        var listed = new HashSet<string> { "s3", "t1", "gone" };
        CollectionAssert.AreEqual(new[] { "s3", "t1" }, Ids(new WaveAudience(AudienceKinds.Workshop, WorkshopId: "ws"), listed));
        CollectionAssert.AreEqual(Array.Empty<string>(), Ids(new WaveAudience(AudienceKinds.NonResponders, WaveId: "w0")), "no list, nobody");
    }

    [TestMethod]
    public void AnAudienceMissingWhatItNamesIsAProblem()
    {
        Assert.IsNull(new WaveAudience(AudienceKinds.Everyone).Problem());
        Assert.AreEqual("audience.role", new WaveAudience(AudienceKinds.Role, Role: Roles.Coordinator).Problem()?.Field);
        Assert.AreEqual("audience.classId", new WaveAudience(AudienceKinds.Class).Problem()?.Field);
        Assert.AreEqual("audience.waveId", new WaveAudience(AudienceKinds.NonResponders).Problem()?.Field);
        Assert.AreEqual("audience.kind", new WaveAudience("all").Problem()?.Field);
    }

    [TestMethod]
    public void AReferentSendsOnlyWithinTheirOwnSchool()
    {
        static string? SchoolOf(string c) => c.Split('-')[0];
        var referent = new WaveAuthor("r1", false, "A");
        Assert.IsTrue(referent.MaySend(new WaveAudience(AudienceKinds.Class, ClassId: "A-1"), SchoolOf));
        Assert.IsTrue(referent.MaySend(new WaveAudience(AudienceKinds.School, SchoolId: "A"), SchoolOf));
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.Class, ClassId: "B-1"), SchoolOf), "another school's class");
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.School, SchoolId: "B"), SchoolOf));
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.Class, ClassId: "unknown"), _ => null));
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.Everyone), SchoolOf));
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.Role, Role: Roles.Student), SchoolOf));
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.Workshop, WorkshopId: "ws"), SchoolOf));
        var theirs = NewWave(audience: new WaveAudience(AudienceKinds.Class, ClassId: "A-2")) with { CreatedBy = "r1" };
        Assert.IsTrue(referent.MaySend(new WaveAudience(AudienceKinds.NonResponders, WaveId: "w1"), SchoolOf, theirs));
        Assert.IsFalse(referent.MaySend(new WaveAudience(AudienceKinds.NonResponders, WaveId: "w1"), SchoolOf, theirs with { CreatedBy = "k1" }), "someone else's wave");
        Assert.IsFalse(new WaveAuthor("x", false, null).MaySend(new WaveAudience(AudienceKinds.School, SchoolId: "A"), SchoolOf), "neither coordinator nor referent");
        Assert.IsTrue(new WaveAuthor("k1", true, null).MaySend(new WaveAudience(AudienceKinds.Everyone), SchoolOf));
    }

    [TestMethod]
    public void ADraftSendsNowOrAtItsTimeAndThenPausesResumesAndEnds()
    {
        var draft = NewWave();
        Assert.AreEqual(WaveStates.Sending, draft.Send(Now, null)!.State);
        Assert.AreEqual(WaveStates.Sending, draft.Send(Now, Now.AddMinutes(-5))!.State, "a past time is now");
        var scheduled = draft.Send(Now, Now.AddDays(1))!;
        Assert.AreEqual((WaveStates.Scheduled, Now.AddDays(1)), (scheduled.State, scheduled.SendAtUtc));
        Assert.IsNull(scheduled.Send(Now, null), "sent once");

        var paused = scheduled.Pause()!;
        Assert.AreEqual(WaveStates.Scheduled, paused.Resume(Now)!.State, "its time has not come");
        Assert.AreEqual(WaveStates.Sending, paused.Resume(Now.AddDays(2))!.State);
        Assert.AreEqual(1, paused.Resume(Now)!.Resumes);
        Assert.IsNull(paused.Pause());
        Assert.IsNull(draft.Pause(), "a draft is not running");
        Assert.IsNull(scheduled.Resume(Now), "not paused");

        var sending = draft.Send(Now, null)!.Start(Now);
        Assert.IsNull(sending.Finish(), "not expanded yet");
        Assert.AreEqual(WaveStates.Done, (sending with { Expanded = true }).Finish()!.State);
        Assert.AreEqual(WaveStates.Cancelled, paused.Cancel()!.State);
        Assert.IsNull(paused.Cancel()!.Cancel(), "cancelled is final");
        Assert.IsNull((sending with { State = WaveStates.Done }).Cancel(), "done is final");
    }

    [TestMethod]
    public void ANewWaveNeedsATitleAFrenchMessageAndAtMostThreeAnswers()
    {
        Assert.AreEqual(0, Wave.Validate("Rappel", new WaveText("Bonjour"), [], null).Count);
        CollectionAssert.AreEquivalent(new[] { "title", "message.fr" }, Wave.Validate(" ", new WaveText(" ", "Hello"), null, null).Keys.ToArray());
        Assert.IsTrue(Wave.Validate("R", new WaveText("B"), [new("1"), new("2"), new("3"), new("4")], null).ContainsKey("answers"));
        Assert.IsTrue(Wave.Validate("R", new WaveText("B"), [new("")], null).ContainsKey("answers"));
        Assert.IsTrue(Wave.Validate("R", new WaveText("B"), null, 0).ContainsKey("nudgeAfterHours"));
        Assert.AreEqual("Hello", new WaveText("Bonjour", "Hello").For("en"));
        Assert.AreEqual("Bonjour", new WaveText("Bonjour").For("en"), "no English: the French");
    }

    [TestMethod]
    public void ProgressIsCountedFromTheRecipientRows()
    {
        var wave = NewWave(WaveStates.Sending, answers: 2) with { Expanded = true };
        var minute = new DateTimeOffset(2026, 12, 6, 17, 3, 0, TimeSpan.Zero);
        WaveRecipient R(string state, int? answer = null, string? reason = null, DateTimeOffset? sent = null, string nudge = "") =>
            new() { State = state, Answer = answer, Reason = reason, SentUtc = sent, NudgeState = nudge };
        WaveRecipient[] rows =
        [
            R(RecipientStates.Sent, 0, sent: minute.AddSeconds(5)), R(RecipientStates.Sent, 1, sent: minute.AddSeconds(50)),
            R(RecipientStates.Sent, sent: minute.AddMinutes(1), nudge: RecipientStates.Sent), R(RecipientStates.Queued), R(RecipientStates.Sending),
            R(RecipientStates.Unreachable, reason: "not installed"), R(RecipientStates.Unreachable, reason: "not installed"),
            R(RecipientStates.Failed, reason: "connector 400"), R(RecipientStates.Uncertain, reason: "stopped while sending"),
        ];

        var p = WaveProgress.Of(wave, rows);

        Assert.AreEqual(new WaveCounts(9, 2, 3, 2, 2, 2, 0, 1), p.Counts);
        CollectionAssert.AreEqual(new[] { 1, 1 }, p.Answers.ToArray());
        Assert.AreEqual(new ReasonCount("not installed", 2), p.Reasons[0]);
        CollectionAssert.Contains(p.Reasons.Select(r => r.Reason).ToList(), "uncertain: stopped while sending");
        CollectionAssert.AreEqual(new[] { (minute, 2), (minute.AddMinutes(1), 1) }, p.Timeline.Select(m => (m.MinuteUtc, m.Sent)).ToArray());
        Assert.IsFalse(p.Settled);

        var cancelled = WaveProgress.Of(wave with { State = WaveStates.Cancelled }, rows);
        Assert.AreEqual((1, 1), (cancelled.Counts.Cancelled, cancelled.Counts.Queued), "the queued one will never go; the marked one may have");
        Assert.AreEqual(10, WaveProgress.Of(wave with { Expanded = false, State = WaveStates.Scheduled }, []).Counts.Queued, "before the start: the draft's count");
    }

    [TestMethod]
    public void TheCsvNeutralisesFormulasAndQuotesSeparators()
    {
        Assert.AreEqual("'=HYPERLINK(\"\"x\"\")".Insert(0, "\"") + "\"", WaveCsv.Cell("=HYPERLINK(\"x\")"));
        Assert.AreEqual("'+33 6", WaveCsv.Cell("+33 6"));
        Assert.AreEqual("'-1", WaveCsv.Cell("-1"));
        Assert.AreEqual("'@SUM(A1)", WaveCsv.Cell("@SUM(A1)"));
        Assert.AreEqual("\"a;b\"", WaveCsv.Cell("a;b"));
        Assert.AreEqual("plain", WaveCsv.Cell("plain"));

        var wave = NewWave(WaveStates.Cancelled, answers: 1) with { Answers = [new WaveText("=cmd|' /C calc'!A0")] };
        var rows = new[]
        {
            new WaveRecipient { PartitionKey = "w|w1", RowKey = WaveRecipient.Row("p2"), Role = Roles.Student, SchoolId = "A", State = RecipientStates.Queued },
            new WaveRecipient { PartitionKey = "w|w1", RowKey = WaveRecipient.Row("p1"), Role = Roles.Tutor, State = RecipientStates.Sent, SentUtc = Now, Answer = 0 },
        };
        var lines = WaveCsv.Write(wave, rows, "fr").Split("\r\n");
        Assert.AreEqual(string.Join(';', WaveCsv.Header), lines[0]);
        Assert.AreEqual("p1;tutor;;sent;;2026-12-06 18:00;'=cmd|' /C calc'!A0;", lines[1], "Paris time; the answer neutralised");
        Assert.AreEqual("p2;student;A;cancelled;;;;", lines[2], "queued when cancelled: cancelled");
    }

    [TestMethod]
    public void TheLargestCardIsMeasuredAgainstTeamsBudget()
    {
        var small = NewWave();
        var fr = WaveCards.LargestBytes(small, CultureInfo.GetCultureInfo("fr-FR"));
        Assert.IsTrue(fr is > 500 and < AdaptiveCard.MaxMessageBytes, fr.ToString(CultureInfo.InvariantCulture));
        Assert.IsTrue(WaveCards.LargestBytes(small, CultureInfo.GetCultureInfo("fr-FR")) > WaveCards.Bytes(WaveCards.Message(WaveCards.Recipient(small, CultureInfo.GetCultureInfo("fr-FR")))), "the nudge with an answer is the largest");
        var large = small with { Message = new WaveText(new string('é', 45_000)) };
        Assert.IsTrue(WaveCards.LargestBytes(large, CultureInfo.GetCultureInfo("fr-FR")) > AdaptiveCard.MaxMessageBytes);
        Assert.IsTrue(WaveCards.LargestBytes(large with { Message = new WaveText("court", new string('e', 45_000)) }, CultureInfo.GetCultureInfo("en")) > AdaptiveCard.MaxMessageBytes, "the English card is checked too");
    }
}
