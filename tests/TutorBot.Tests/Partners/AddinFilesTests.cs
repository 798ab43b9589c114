using System.Net;
using System.Text.Json;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Partners;

/// <summary>
/// The bot serves the built Outlook add-in under /addin/ (the manifest's task pane page and ribbon icons) and the
/// pane's sign-in settings at /addin/config.json; without a bundle it answers 404, and nothing outside the bundle leaks.
/// </summary>
[TestClass]
public sealed class AddinFilesTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];

    private static string NewBundle()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tutorbot-addin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "assets"));
        File.WriteAllText(Path.Combine(dir, "taskpane.html"), "<!doctype html><title>volet</title>");
        File.WriteAllText(Path.Combine(dir, "taskpane.js"), "void 0;");
        File.WriteAllBytes(Path.Combine(dir, "assets", "icon-16.png"), Png);
        File.WriteAllText(Path.Combine(dir, ".secret"), "hidden");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(dir)!, Path.GetFileName(dir) + "-outside.txt"), "outside");
        return dir;
    }

    [TestMethod]
    public async Task TheTaskPaneItsBundleAndItsIconsAreServedFromTheBundleFolder()
    {
        var bundle = NewBundle();
        await using var s = await StandIns.StartAsync(new() { ["Addin:Directory"] = bundle });

        var page = await s.App.Http.GetAsync("/addin/taskpane.html");
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.AreEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("<!doctype html><title>volet</title>", await page.Content.ReadAsStringAsync());
        Assert.AreEqual("no-cache", page.Headers.CacheControl?.ToString());

        var script = await s.App.Http.GetAsync("/addin/taskpane.js");
        Assert.AreEqual(HttpStatusCode.OK, script.StatusCode);
        Assert.AreEqual("text/javascript", script.Content.Headers.ContentType?.MediaType);

        var icon = await s.App.Http.GetAsync("/addin/assets/icon-16.png");
        Assert.AreEqual(HttpStatusCode.OK, icon.StatusCode);
        Assert.AreEqual("image/png", icon.Content.Headers.ContentType?.MediaType);
        CollectionAssert.AreEqual(Png, await icon.Content.ReadAsByteArrayAsync());
        Assert.AreEqual("nosniff", string.Join(",", icon.Headers.GetValues("X-Content-Type-Options")));
    }

    [TestMethod]
    public async Task MissingFilesHiddenFilesAndPathsOutsideTheBundleAre404()
    {
        var bundle = NewBundle();
        await using var s = await StandIns.StartAsync(new() { ["Addin:Directory"] = bundle });
        var outside = Path.GetFileName(bundle) + "-outside.txt";

        foreach (var path in new[] { "/addin/nothing.js", "/addin/.secret", "/addin/assets", $"/addin/..%2F{outside}", $"/addin/%2E%2E/{outside}", "/addin/" })
        {
            var response = await s.App.Http.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, path);
            Assert.IsFalse((await response.Content.ReadAsStringAsync()).Contains("outside", StringComparison.Ordinal), path);
        }
    }

    [TestMethod]
    public async Task WithoutABuiltBundleTheAddinAnswers404Cleanly()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tutorbot-addin-missing-" + Guid.NewGuid().ToString("N")[..8]);
        await using var s = await StandIns.StartAsync(new() { ["Addin:Directory"] = missing });

        var response = await s.App.Http.GetAsync("/addin/taskpane.html");

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.IsFalse(s.App.Logs.Records.Any(r => r.Exception is not null), "no exception logged");
    }

    [TestMethod]
    public async Task ConfigJsonGivesThePaneTheBotAppAndTheApiScopeOfThisHost()
    {
        await using var s = await StandIns.StartAsync(new() { ["Addin:Directory"] = NewBundle() });

        var response = await s.App.Http.GetAsync("/addin/config.json");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(BotApplication.AppId, json.RootElement.GetProperty("clientId").GetString());
        Assert.AreEqual("https://login.microsoftonline.com/common", json.RootElement.GetProperty("authority").GetString());
        Assert.AreEqual($"api://{s.App.BaseAddress.Host}/botid-{BotApplication.AppId}/access_as_user", json.RootElement.GetProperty("scope").GetString());
    }
}
