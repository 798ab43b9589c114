using System.Net;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using TutorBot.Protocol;
using TutorBot.Protocol.Auth;

namespace TutorBot.Features.Roster;

/// <summary>What the page needs to sign in: MSAL's client id, authority and scope, and whether the demo's local sign-in is on.</summary>
public sealed record CoordinatorConfig(string ClientId, string Authority, string Scope, bool LocalSignIn);

/// <summary>A person the local sign-in offers (Development, loopback): those who may use the page.</summary>
public sealed record LocalPerson(string Login, string Name, string Kind);

/// <summary>
/// The coordinator page (<c>/coordinator</c>, also the Teams personal tab): the built page from
/// <see cref="RosterOptions.PageDirectory"/>, its sign-in settings, and the local sign-in's person list.
/// </summary>
public static class CoordinatorPage
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication MapCoordinatorPage(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<RosterOptions>>().Value;
        var root = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, options.PageDirectory));
        PhysicalFileProvider? files = null;

        app.MapGet("/coordinator/config.json", (HttpContext http, IOptions<BotAuthOptions> auth, IOptions<BotOptions> bot) =>
        {
            var audience = options.Audience ?? "";
            var scope = audience.Length == 0 ? "" : audience.StartsWith("api://", StringComparison.Ordinal) ? $"{audience}/{options.Scope}" : $"api://{audience}/{options.Scope}";
            var authority = (string.IsNullOrEmpty(options.Authority) ? auth.Value.EntraAuthority : options.Authority).TrimEnd('/');
            var tenant = string.IsNullOrEmpty(bot.Value.TenantId) || options.AllowedTenants.Count > 0 ? "organizations" : bot.Value.TenantId;
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new CoordinatorConfig(options.ClientId ?? "", $"{authority}/{tenant}", scope, options.LocalSignIn && IsLoopback(http)));
        });

        app.MapGet("/coordinator/local-people", async Task<Results<Ok<List<LocalPerson>>, NotFound>> (HttpContext http, RosterStore store, CancellationToken cancellationToken) =>
        {
            if (!options.LocalSignIn || !IsLoopback(http))
            {
                return TypedResults.NotFound();
            }

            // A scan of the people table: only ever in the local demo, whose roster is a few rows.
            var filter = TableClient.CreateQueryFilter($"Kind eq {RosterKinds.Coordinator} or Kind eq {RosterKinds.Referent} or Kind eq {RosterKinds.Correspondent}");
            var people = new List<LocalPerson>();
            await foreach (var e in store.People.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var p = RosterEntities.Person(e);
                if (p.Active)
                {
                    people.Add(new LocalPerson(p.Login, p.DisplayName.Trim(), p.Kind));
                }
            }

            return TypedResults.Ok(people.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList());
        });

        app.MapGet("/coordinator/{**path}", IResult (HttpContext http, string? path) =>
        {
            if (!Directory.Exists(root))
            {
                return TypedResults.NotFound();
            }

            // PhysicalFileProvider refuses paths that leave the root (.., absolute paths) and hidden or system files.
            files ??= new PhysicalFileProvider(root);
            var file = files.GetFileInfo(string.IsNullOrEmpty(path) ? "index.html" : path);
            if (!file.Exists || file.IsDirectory || file.PhysicalPath is null || !ContentTypes.TryGetContentType(file.Name, out var contentType))
            {
                return TypedResults.NotFound();
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = file.Name.EndsWith(".html", StringComparison.Ordinal) ? "no-cache" : "public, max-age=300";
            return TypedResults.PhysicalFile(file.PhysicalPath, contentType, enableRangeProcessing: false);
        });
        return app;
    }

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
}
