using System.Net;
using TutorBot.Demo;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Partners;

/// <summary>
/// The local compose window (<c>/demo/compose</c>, issue 13 point 6): in Development the bot serves the page, the
/// office.js stand-in the node tests use, and the built task pane with office.js swapped for the stand-in; outside
/// Development none of it exists.
/// </summary>
[TestClass]
public sealed class ComposeDemoTests
{
    private static readonly string[] Paths =
        ["/demo/compose", "/demo/compose/compose.js", "/demo/compose/office-standin.js", "/demo/compose/signin.js", "/demo/compose/taskpane.html", "/demo/compose/config.json"];

    private static string NewBundle()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tutorbot-compose-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(
            Path.Combine(dir, "taskpane.html"),
            $"<!doctype html>\n<html lang=\"fr\">\n  <head>\n    <script src=\"{ComposeDemo.OfficeJs}\"></script>\n    <script defer src=\"taskpane.js\"></script>\n  </head>\n  <body></body>\n</html>");
        return dir;
    }

    [TestMethod]
    public async Task InDevelopmentThePageTheStandInAndThePaneWithTheStandInAreServed()
    {
        await using var s = await StandIns.StartAsync(new() { ["Addin:Directory"] = NewBundle() });

        var page = await s.App.Http.GetAsync("/demo/compose");
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "/demo/compose/compose.js");

        var standin = await s.App.Http.GetAsync("/demo/compose/office-standin.js");
        Assert.AreEqual(HttpStatusCode.OK, standin.StatusCode);
        var standinText = await standin.Content.ReadAsStringAsync();
        Assert.AreEqual(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "addin", "standin", "office-standin.js")), standinText, "the very file the node tests load");

        var pane = await (await s.App.Http.GetAsync("/demo/compose/taskpane.html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ComposeDemo.OfficeJs, pane, "no office.js from the CDN");
        StringAssert.Contains(pane, "<script src=\"/demo/compose/office-standin.js\"></script>");
        StringAssert.Contains(pane, "<script src=\"/demo/compose/signin.js\"></script>");
        StringAssert.Contains(pane, "<base href=\"/addin/\" />");
        Assert.IsLessThan(pane.IndexOf("taskpane.js", StringComparison.Ordinal), pane.IndexOf("office-standin.js", StringComparison.Ordinal), "the stand-in loads before the pane's bundle");

        Assert.AreEqual("{}", await (await s.App.Http.GetAsync("/demo/compose/config.json")).Content.ReadAsStringAsync(), "no Entra sign-in in the demo");
        Assert.AreEqual(HttpStatusCode.NotFound, (await s.App.Http.GetAsync("/demo/compose/compose.html.bak")).StatusCode, "only the listed files");
        Assert.AreEqual(HttpStatusCode.NotFound, (await s.App.Http.GetAsync("/demo/compose/..%2F..%2Fbot%2Fappsettings.json")).StatusCode);
    }

    [TestMethod]
    public async Task OutsideDevelopmentNoneOfTheComposeWindowIsServed()
    {
        await using var s = await StandIns.StartAsync(new()
        {
            ["environment"] = "Production",
            ["Addin:Directory"] = NewBundle(),
            ["Bot:Connector:Credential"] = "ClientSecret",
            ["Bot:Connector:ClientId"] = "x",
            ["Bot:Connector:TenantId"] = "y",
            ["Bot:Connector:ClientSecret"] = "z",
        });

        foreach (var path in Paths)
        {
            Assert.AreEqual(HttpStatusCode.NotFound, (await s.App.Http.GetAsync(path)).StatusCode, path);
        }

        Assert.AreEqual(HttpStatusCode.OK, (await s.App.Http.GetAsync("/addin/taskpane.html")).StatusCode, "the add-in itself is still served");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TutorBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TutorBot.sln not found above the test binaries");
    }
}
