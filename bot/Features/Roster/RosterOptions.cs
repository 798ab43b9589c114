namespace TutorBot.Features.Roster;

/// <summary>The roster API and its import (section <c>Roster</c>).</summary>
public sealed class RosterOptions
{
    public const string Section = "Roster";

    /// <summary>The bot app's API as tokens name it (<c>api://…</c> or its client id); no token is accepted while empty.</summary>
    public string? Audience { get; set; }

    /// <summary>Scope the coordinator page asks for (<c>scp</c> claim).</summary>
    public string Scope { get; set; } = "access_as_user";

    /// <summary>Entra authority; empty means <c>Bot:Auth:EntraAuthority</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Tenants whose users may sign in, besides the bot's own (<c>Bot:TenantId</c>).</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Logins (UPN or e-mail) of the association's coordinators, written at start: who can import the first file.</summary>
    public List<string> Coordinators { get; set; } = [];

    /// <summary>Largest file an import accepts.</summary>
    public long MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Rows written between two progress updates of an import job. People are written partition by partition (a school
    /// or company each, often a few hundred people), so a window of 250 held one partition: its two or three
    /// transactions ran alone. A thousand lets a window's partitions go eight at once (bench/run.sh import).
    /// </summary>
    public int ImportWindow { get; set; } = 1000;

    /// <summary>
    /// How long an instance holds an import job without writing a window: another instance takes the job over once
    /// it runs out (a crashed instance), and looks for such jobs this often divided by two.
    /// </summary>
    public TimeSpan ImportLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The Entra app (single-page application) the coordinator page signs in with; empty: no Entra sign-in on the page.</summary>
    public string? ClientId { get; set; }

    /// <summary>The built coordinator page (<c>coordinator/dist</c>, built by <c>node coordinator/build.mjs</c>); relative to the content root.</summary>
    public string PageDirectory { get; set; } = "../coordinator/dist";

    /// <summary>
    /// Development only, loopback only: the header <c>X-Roster-Person</c> naming a person's login signs in as them,
    /// so the demo can pick a demo person. The app refuses to start with it in any other environment.
    /// </summary>
    public bool LocalSignIn { get; set; }

    /// <summary>
    /// Installs the app through Graph for imported people who have not installed it (PLATFORM.md §11). Needs the
    /// application permission <see cref="InstallPermission"/>, granted by a tenant admin, and <see cref="TeamsAppId"/>.
    /// </summary>
    public bool ProactiveInstall { get; set; }

    /// <summary>The app's id in the organisation's Teams catalog (<c>GET /appCatalogs/teamsApps?$filter=externalId eq '{manifest id}'</c>).</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>The Graph application permission a tenant admin grants for <see cref="ProactiveInstall"/>.</summary>
    public const string InstallPermission = "TeamsAppInstallation.ReadWriteSelfForUser.All";
}
