using Microsoft.Extensions.FileProviders;
using TutorBot.Features.Partners;

namespace TutorBot.Demo;

/// <summary>
/// Try the Outlook add-in without Outlook (issue 13, point 6): a local compose window, <c>/demo/compose</c>, hosting
/// the real task pane beside <c>addin/standin/office-standin.js</c>, the stand-in of the compose APIs the node tests
/// use too. Development only: elsewhere none of these routes exists (404). The pane signs in with the roster's local
/// sign-in (<c>X-Roster-Person</c>, itself refused outside Development and loopback), added by <c>signin.js</c>.
/// </summary>
public static class ComposeDemo
{
    public const string OfficeJs = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

    /// <summary>The stand-in folder, relative to the content root.</summary>
    public const string StandinDirectory = "../addin/standin";

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["compose.js"] = "text/javascript; charset=utf-8",
        ["compose.css"] = "text/css; charset=utf-8",
        ["office-standin.js"] = "text/javascript; charset=utf-8",
        ["signin.js"] = "text/javascript; charset=utf-8",
    };

    public static WebApplication MapComposeDemo(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        var standin = new PhysicalFileProvider(Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, StandinDirectory)));
        var addin = app.Configuration.GetSection(AddinOptions.Section).Get<AddinOptions>() ?? new AddinOptions();
        var dist = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, addin.Directory));

        app.MapGet("/demo/compose", () => File(standin, "compose.html", "text/html; charset=utf-8"));
        app.MapGet("/demo/compose/{file}", IResult (string file) => Files.TryGetValue(file, out var type) ? File(standin, file, type) : TypedResults.NotFound());

        // No Entra sign-in in the demo: the pane calls the API with the local sign-in header instead.
        app.MapGet("/demo/compose/config.json", () => TypedResults.Content("{}", "application/json; charset=utf-8"));

        // The built pane, unchanged but for where office.js comes from, the demo sign-in, and a base for its own files.
        app.MapGet("/demo/compose/taskpane.html", async Task<IResult> (HttpContext http) =>
        {
            var path = Path.Combine(dist, "taskpane.html");
            if (!System.IO.File.Exists(path))
            {
                return TypedResults.NotFound();
            }

            var html = await System.IO.File.ReadAllTextAsync(path, http.RequestAborted);
            http.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Content(RewritePane(html), "text/html; charset=utf-8");
        });
        return app;
    }

    /// <summary>office.js → the stand-in and the demo sign-in; relative URLs (css, bundle) → <c>/addin/</c>.</summary>
    public static string RewritePane(string html) => html
        .Replace("<head>", "<head>\n    <base href=\"/addin/\" />", StringComparison.Ordinal)
        .Replace(
            $"<script src=\"{OfficeJs}\"></script>",
            "<script src=\"/demo/compose/office-standin.js\"></script>\n    <script src=\"/demo/compose/signin.js\"></script>",
            StringComparison.Ordinal);

    private static IResult File(PhysicalFileProvider files, string name, string contentType)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.PhysicalFile(file.PhysicalPath, contentType);
    }
}
