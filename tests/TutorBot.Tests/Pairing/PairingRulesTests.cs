using TutorBot.Features.Pairing;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Pairing;

/// <summary>The priority order, the girls-in-STEM share and the tutor scoring, without HTTP, with known answers.</summary>
[TestClass]
public sealed class PairingRulesTests
{
    [TestMethod]
    public void ScholarshipHoldersComeFirstThenTerritorialOriginThenDistanceFromBusiness()
    {
        var students = new[]
        {
            Student("a", "Aubert", scholarship: false, origin: "autre", far: false),
            Student("b", "Blanc", scholarship: false, origin: "autre", far: true),
            Student("c", "Caron", scholarship: false, origin: "qpv", far: false),
            Student("d", "Dumas", scholarship: true, origin: "autre", far: false),
            Student("e", "Empis", scholarship: true, origin: "rural", far: false),
            Student("f", "Faure", scholarship: true, origin: "rural", far: true),
        };

        var order = PriorityOrder.Sort(students.Reverse()).Select(s => s.Id).ToArray();

        CollectionAssert.AreEqual(new[] { "f", "e", "d", "c", "b", "a" }, order);
        CollectionAssert.AreEqual(new[] { "scholarship", "origin:rural", "farFromBusiness" }, PriorityOrder.Criteria(students[5]).ToArray());
        Assert.AreEqual(0, PriorityOrder.Criteria(students[0]).Count);
    }

    [TestMethod]
    public void GirlsShareCountsOnlyAccompaniedStudentsOfScientificAndTechnologicalStreams()
    {
        var students = new[]
        {
            Student("1", "A", gender: "F", stream: "STI2D", className: "1re STI2D A"),
            Student("2", "B", gender: "M", stream: "STI2D", className: "1re STI2D A"),
            Student("3", "C", gender: "M", stream: "STI2D", className: "1re STI2D A"),
            Student("4", "D", gender: "F", stream: "CPGE", className: "MPSI 1"),
            Student("5", "E", gender: "F", stream: "generale", className: "2de 3"),
            Student("6", "F", gender: "F", stream: "STI2D", className: "1re STI2D A"),
        };
        var accompanied = new HashSet<string> { "1", "2", "3", "4", "5" };

        var shares = GirlsInStem.Compute(students, s => accompanied.Contains(s.Id));

        var school = shares.Single(s => s.ClassName is null);
        Assert.AreEqual((2, 4), (school.Girls, school.Total), "student 5 is not in a STEM stream, student 6 is not accompanied");
        Assert.AreEqual(0.5, school.Share);
        var sti2d = shares.Single(s => s.ClassName == "1re STI2D A");
        Assert.AreEqual((1, 3), (sti2d.Girls, sti2d.Total));
        Assert.AreEqual(1.0, shares.Single(s => s.ClassName == "MPSI 1").Share);
        Assert.IsNull(new GirlsShare("0139901Z", null, 0, 0).Share);
    }

    [TestMethod]
    public void ScoreAddsItsReasonsAndUntrainedOrFullTutorsAreNotPairable()
    {
        var student = new StudentNeed("s", "STI2D", "Marseille", "Aix-Marseille", new HashSet<string> { "old" });

        var best = TutorScoring.Score(student, Tutor("t1", fields: ["STI2D"], city: "Marseille", active: 0, capacity: 2));
        Assert.AreEqual(40 + 30 + 20 + 10 + 10, best.Score);
        CollectionAssert.AreEqual(new[] { "trained", "sameStream", "sameCity", "students:0", "placesLeft:2", "neverPaired" }, best.Reasons.ToArray());
        Assert.IsTrue(best.Pairable);

        var academy = TutorScoring.Score(student, Tutor("t2", city: "Aix-en-Provence", active: 1, capacity: 3));
        Assert.AreEqual(15 + 10 + 10 + 10, academy.Score);

        var before = TutorScoring.Score(student, Tutor("old", active: 0, capacity: 1));
        Assert.AreEqual(15 + 20 + 5 - 50, before.Score, "same academy, paired before");
        CollectionAssert.Contains(before.Reasons.ToArray(), "pairedBefore");

        var untrained = TutorScoring.Score(student, Tutor("t3", trained: false));
        Assert.IsFalse(untrained.Pairable);
        Assert.AreEqual("notTrained", untrained.Reasons[0]);
        Assert.IsFalse(TutorScoring.Score(student, Tutor("t4", active: 2, capacity: 2)).Pairable, "no place left");
    }

    [TestMethod]
    public void RankingPutsPairableTutorsFirstThenScoreThenFewerStudents()
    {
        var student = new StudentNeed("s", "STL", "Carpentras", "Aix-Marseille", new HashSet<string>());
        var tutors = new[]
        {
            Tutor("untrained-best", trained: false, fields: ["STL"], city: "Carpentras"),
            Tutor("busy", active: 2, capacity: 3, fields: ["STL"]),
            Tutor("free", active: 0, capacity: 1, fields: ["STL"]),
            Tutor("far", active: 0, capacity: 1, academy: "Lyon"),
        };

        var ranked = TutorScoring.Rank(student, tutors).Select(s => s.TutorId).ToArray();

        // free: 40+15+20+5+10 = 90; busy: 40+15+0+5+10 = 70; far: 20+5+10 = 35; untrained last although it scores most.
        CollectionAssert.AreEqual(new[] { "free", "busy", "far", "untrained-best" }, ranked);
    }

    internal static RosterPerson Student(string id, string lastName, bool scholarship = false, string origin = "", bool far = false, string gender = "F", string stream = "STI2D", string className = "1re STI2D A") =>
        new(id, RosterKinds.Student, "Prénom", lastName, id + "@eleves.example", "0139901Z", ClassName: className, Stream: stream, Gender: gender, Scholarship: scholarship, Origin: origin, FarFromBusiness: far);

    internal static PairingTutor Tutor(string id, bool trained = true, int capacity = 2, int active = 0, string[]? fields = null, string? city = null, string academy = "Aix-Marseille") =>
        new(id, "o|demo", "Tuteur " + id, "demo", trained, capacity, active, fields ?? [], city, academy);
}
