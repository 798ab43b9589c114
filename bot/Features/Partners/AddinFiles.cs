using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using TutorBot.Protocol;

namespace TutorBot.Features.Partners;

/// <summary>Where the built Outlook add-in is and how it signs in (section <c>Addin</c>).</summary>
public sealed class AddinOptions
{
    public const string Section = "Addin";

    /// <summary>The add-in bundle (<c>addin/dist</c>, built by <c>tests/addin/run.sh</c> or <c>node addin/build.mjs</c>); relative to the content root.</summary>
    public string Directory { get; set; } = "../addin/dist";

    /// <summary>The Entra app the task pane asks a token for; empty: <c>Bot:AppId</c>.</summary>
    public string? ClientId { get; set; }

    public string Authority { get; set; } = "https://login.microsoftonline.com/common";

    /// <summary>The API scope; empty: <c>api://{host}/botid-{clientId}/access_as_user</c>, as the manifest's <c>nestedAppAuthInfo</c>.</summary>
    public string? Scope { get; set; }
}

/// <summary>
/// Serves the add-in under <c>/addin/</c> (the task pane page, its bundle and ribbon icons) and <c>/addin/config.json</c>,
/// the sign-in settings the pane reads. A missing bundle is a clean 404, never an exception.
/// </summary>
public static class AddinFiles
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication MapAddinFiles(this WebApplication app)
    {
        var options = app.Configuration.GetSection(AddinOptions.Section).Get<AddinOptions>() ?? new AddinOptions();
        var appId = app.Configuration[$"{BotOptions.Section}:{nameof(BotOptions.AppId)}"] ?? "";
        var root = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, options.Directory));
        PhysicalFileProvider? files = null;

        app.MapGet("/addin/config.json", (HttpContext http) =>
        {
            var clientId = string.IsNullOrWhiteSpace(options.ClientId) ? appId : options.ClientId;
            var scope = string.IsNullOrWhiteSpace(options.Scope) ? $"api://{http.Request.Host.Host}/botid-{clientId}/access_as_user" : options.Scope;
            http.Response.Headers.CacheControl = "no-store";
            var body = JsonSerializer.Serialize(new { clientId, authority = options.Authority, scope });
            return TypedResults.Content(body, "application/json; charset=utf-8");
        });

        app.MapGet("/addin/{**path}", IResult (HttpContext http, string? path) =>
        {
            if (string.IsNullOrEmpty(path) || !System.IO.Directory.Exists(root))
            {
                return TypedResults.NotFound();
            }

            // PhysicalFileProvider refuses paths that leave the root (.., absolute paths) and hidden or system files.
            files ??= new PhysicalFileProvider(root);
            var file = files.GetFileInfo(path);
            if (!file.Exists || file.IsDirectory || file.PhysicalPath is null || !ContentTypes.TryGetContentType(file.Name, out var contentType))
            {
                return TypedResults.NotFound();
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = file.Name.EndsWith(".html", StringComparison.Ordinal) ? "no-cache" : "public, max-age=3600";
            return TypedResults.PhysicalFile(file.PhysicalPath, contentType, enableRangeProcessing: false);
        });

        return app;
    }
}
