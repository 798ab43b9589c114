using TutorBot.Features.Identity;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Identity;

/// <summary>The roster → bot projection and the lookup row's key, without HTTP or storage.</summary>
[TestClass]
public sealed class ProgrammeProjectionTests
{
    private static readonly IdentityLink Link = new("tenant-1", "oid-1", "29:teams-1");

    [TestMethod]
    [DataRow(RosterKinds.Student, Roles.Student)]
    [DataRow(RosterKinds.Tutor, Roles.Tutor)]
    [DataRow(RosterKinds.Coordinator, Roles.Coordinator)]
    [DataRow(RosterKinds.Referent, Roles.Teacher)]
    [DataRow(RosterKinds.Correspondent, Roles.Correspondent)]
    public void EachKindOfPersonHasItsRoleInTheBot(string kind, string role) =>
        Assert.AreEqual(role, ProgrammeProjection.RoleOf(kind));

    [TestMethod]
    public void AStudentIsProjectedWithHerSchoolClassAndTutorButNoMailbox()
    {
        var student = new RosterPerson("p1", RosterKinds.Student, "Inès", "Haddad", "ines@eleves.example", "0139901Z", ClassName: "1re STI2D A", TutorLogin: "t@x.example");

        var person = ProgrammeProjection.Project(student, Link, "tutor-id");

        Assert.AreEqual(new Person("p1", Roles.Student, "Inès Haddad", "tenant-1", "oid-1", "29:teams-1", null, "0139901Z", "0139901Z-1re-sti2d-a", "tutor-id", null), person);
    }

    [TestMethod]
    public void ATutorsLoginIsTheMailboxCalendarsBookInAndATutorHasNoTutor()
    {
        var tutor = new RosterPerson("p2", RosterKinds.Tutor, "Julien", "Martin", "julien.martin@demo-energie.example", OrganisationId: "energies-demo-sa", Trained: true, Capacity: 2);

        var person = ProgrammeProjection.Project(tutor, Link, "ignored");

        Assert.AreEqual("julien.martin@demo-energie.example", person.Mailbox);
        Assert.AreEqual("energies-demo-sa", person.OrganisationId);
        Assert.IsNull(person.TutorId);
        Assert.IsNull(person.ClassId);
    }

    [TestMethod]
    public void TheLookupKeyIsTheSameForOnePersonAndNamesNobody()
    {
        var key = IdentityRows.LookupKey("tenant-1", "oid-1");

        Assert.AreEqual(key, IdentityRows.LookupKey("tenant-1", "oid-1"), "installation, conversation update and message plan one row");
        Assert.AreNotEqual(key, IdentityRows.LookupKey("tenant-1", "oid-2"));
        Assert.IsFalse(key.Contains("oid-1", StringComparison.Ordinal) || key.Contains("tenant-1", StringComparison.Ordinal), "the key (logged) carries no identity");
    }

    [TestMethod]
    public void ALookupPayloadRoundTripsAndGarbageReadsAsNothing()
    {
        var payload = new LookupPayload("https://smba.example/", "a:1", "29:u", "28:bot", "t", "o", "fr-FR");

        Assert.AreEqual(payload, LookupPayload.Parse(payload.Serialize()));
        Assert.IsNull(LookupPayload.Parse("{not json"));
    }
}
