using System.Text.RegularExpressions;
using TutorBot.Demo;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Roster;

/// <summary>
/// The local run's people are the shipped roster's rows: every Playground user (tools/playground/) is a person of
/// <c>demo-roster.csv</c> by the UPN and e-mail the Playground's connector answers for them, and the demo seeds'
/// cast (<see cref="DemoCast"/>) names people and places of that file. Without storage or HTTP.
/// </summary>
[TestClass]
public sealed partial class DemoRosterTests
{
    [TestMethod]
    public void EveryPlaygroundUserIsAPersonOfTheDemoRoster()
    {
        var people = DemoPlan().People.ToDictionary(p => p.Person.Login, p => p.Person, StringComparer.OrdinalIgnoreCase);
        foreach (var config in PlaygroundConfigs())
        {
            var users = Users(File.ReadAllText(config));
            Assert.HasCount(6, users, config);
            foreach (var (upn, email, name) in users)
            {
                Assert.AreEqual(upn, email, $"{config}: {name} has one login");
                Assert.IsTrue(people.TryGetValue(upn, out var person), $"{config}: {name} ({upn}) is not in the demo roster");
                Assert.AreEqual(name, person.DisplayName, $"{config}: the Playground names {upn} as the roster does");
            }
        }
    }

    [TestMethod]
    public void TheDemoSeedsPointAtPeopleAndPlacesOfTheDemoRoster()
    {
        var plan = DemoPlan();
        var byLogin = plan.People.ToDictionary(p => p.Person.Login, p => p.Person, StringComparer.OrdinalIgnoreCase);
        var tutor = byLogin[DemoCast.TutorLogin];
        var student = byLogin[DemoCast.StudentLogin];
        Assert.AreEqual(RosterKinds.Tutor, tutor.Kind);
        Assert.IsTrue(tutor.Trained);
        Assert.AreEqual(RosterKinds.Student, student.Kind);
        Assert.AreEqual(DemoCast.TutorLogin, student.TutorLogin, "the demo pair is a pair in the roster");
        Assert.AreEqual(DemoCast.SchoolUai, student.SchoolUai);
        Assert.AreEqual(DemoCast.ClassName, student.ClassName);
        Assert.AreEqual(DemoCast.ClassId, ProgrammeProjection.ClassIdOf(student));
        Assert.AreEqual(RosterKinds.Coordinator, byLogin[DemoCast.CoordinatorLogin].Kind);

        // The ids the seeds use are the ones the import gives.
        Assert.AreEqual(tutor.Id, DemoCast.TutorId);
        Assert.AreEqual(student.Id, DemoCast.StudentId);
        Assert.AreEqual(byLogin[DemoCast.CoordinatorLogin].Id, DemoCast.CoordinatorId);
        Assert.IsTrue(plan.Schools.Any(s => s.School.Uai == DemoCast.SchoolUai));
    }

    [TestMethod]
    public void UpsHasACorrespondentInTheDemoRosterForLogoApprovals()
    {
        // A BAT for the UPS logo goes to the UPS correspondent: the organisation from the agreements, not a new one.
        var correspondents = DemoPlan().People.Select(p => p.Person).Where(p => p.Kind == RosterKinds.Correspondent && p.OrganisationId == "ups").ToList();
        Assert.HasCount(1, correspondents);
        Assert.IsTrue(RosterSeeder.Organisations.Any(o => o.Id == "ups"));
    }

    private static RosterPlan DemoPlan()
    {
        var plan = RosterValidator.Validate(RosterFile.Read(RosterKit.DemoCsv, 1 << 20), new RosterSnapshot());
        Assert.IsEmpty(plan.Problems, string.Join("\n", plan.Problems));
        return plan;
    }

    private static List<(string Upn, string Email, string Name)> Users(string yaml) =>
        [.. User().Matches(yaml).Select(m => (m.Groups["upn"].Value, m.Groups["email"].Value, m.Groups["name"].Value))];

    private static IEnumerable<string> PlaygroundConfigs()
    {
        var tools = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(RosterKit.DemoCsvSource))!)!, "..", "tools", "playground");
        var configs = Directory.GetFiles(tools, ".m365agentsplayground.yml", SearchOption.AllDirectories);
        Assert.IsGreaterThanOrEqualTo(2, configs.Length, "the tutor's and the student's Playground");
        return configs;
    }

    // A user block of the Playground's YAML: name, userPrincipleName (sic), aadObjectId, givenName, surname, email.
    [GeneratedRegex(@"name: (?<name>[^\n]+)\n\s+userPrincipleName: (?<upn>\S+)\n(?:\s+\w+: [^\n]+\n)*?\s+email: (?<email>\S+)")]
    private static partial Regex User();
}
