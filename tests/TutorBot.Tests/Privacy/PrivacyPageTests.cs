using System.Text.RegularExpressions;
using System.Xml;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Privacy;

/// <summary>The privacy page states the configured periods, in French and English.</summary>
[TestClass]
public sealed partial class PrivacyPageTests
{
    [TestMethod]
    public async Task EveryPeriodThePageStatesIsTheConfiguredOne()
    {
        var configured = new Dictionary<string, TimeSpan>
        {
            ["Privacy:SchoolYearRetention"] = TimeSpan.FromDays(400),
            ["Privacy:RecordRetention"] = TimeSpan.FromDays(1000),
            ["Delivery:DoneRetention"] = TimeSpan.FromDays(12),
        };
        await using var s = await StandIns.StartAsync(PrivacyKit.Settings(configured.ToDictionary(c => c.Key, c => (string?)c.Value.ToString())));

        var page = await s.App.Http.GetStringAsync("/privacy");

        var stated = Period().Matches(page).ToList();
        Assert.AreEqual(6, stated.Count, "each of the three periods, in French and in English");
        foreach (var m in stated)
        {
            var setting = m.Groups["setting"].Value;
            Assert.IsTrue(configured.ContainsKey(setting), setting);
            Assert.AreEqual(configured[setting], XmlConvert.ToTimeSpan(m.Groups["value"].Value), setting);
            Assert.AreEqual(configured[setting].TotalDays, double.Parse(m.Groups["days"].Value, System.Globalization.CultureInfo.InvariantCulture), setting);
        }

        CollectionAssert.AreEquivalent(configured.Keys.Concat(configured.Keys).ToList(), stated.Select(m => m.Groups["setting"].Value).ToList());
        var text = Period().Replace(page, "");
        Assert.IsFalse(AnyDays().IsMatch(text), "no period is stated outside the marked ones: " + AnyDays().Match(text).Value);
        StringAssert.Contains(page, "coordination@passeport-avenir.example", "how to ask for an export or erasure");
        StringAssert.Contains(page, "<section lang=\"en\">");
    }

    [GeneratedRegex("<data value=\"(?<value>[^\"]+)\" data-setting=\"(?<setting>[^\"]+)\">(?<days>\\d+) (jours|days)</data>")]
    private static partial Regex Period();

    [GeneratedRegex("\\d+\\s*(jours|days|mois|months|ans|years)\\b")]
    private static partial Regex AnyDays();
}
