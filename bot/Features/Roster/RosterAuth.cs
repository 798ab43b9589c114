using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TutorBot.Protocol;
using TutorBot.Protocol.Auth;

namespace TutorBot.Features.Roster;

/// <summary>
/// Who may call <c>/api/roster</c>: an Entra access token for the bot's API (issuer of an allowed tenant, v1 or v2,
/// audience, <c>access_as_user</c> scope), or in Development on loopback the local sign-in. What they may see
/// comes from the roster itself (<see cref="RosterCaller"/>), never from the token.
/// </summary>
public static class RosterAuth
{
    public const string Scheme = "RosterEntra";
    public const string LocalScheme = "RosterLocal";
    public const string Policy = "Roster";
    public const string LocalHeader = "X-Roster-Person";

    public static IServiceCollection AddRosterAuth(this IServiceCollection services)
    {
        // No default scheme (the Bot Framework endpoint checks its own tokens); only refusals need one.
        services.AddAuthentication(o => o.DefaultForbidScheme = Scheme)
            .AddJwtBearer(Scheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, LocalSignInHandler>(LocalScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<RosterOptions>, IOptions<BotAuthOptions>, IOptions<BotOptions>>((o, roster, auth, bot) =>
        {
            var authority = (string.IsNullOrEmpty(roster.Value.Authority) ? auth.Value.EntraAuthority : roster.Value.Authority).TrimEnd('/');
            var tenants = roster.Value.AllowedTenants.Append(bot.Value.TenantId).Where(t => !string.IsNullOrEmpty(t)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            o.MetadataAddress = $"{authority}/organizations/v2.0/.well-known/openid-configuration";
            o.RequireHttpsMetadata = !new Uri(authority).IsLoopback;
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = string.IsNullOrEmpty(roster.Value.Audience) ? Guid.NewGuid().ToString() : roster.Value.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ClockSkew = auth.Value.ClockSkew,
                IssuerValidator = (issuer, token, _) =>
                {
                    var tid = (token as Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)?.TryGetPayloadValue<string>("tid", out var t) == true ? t : null;
                    return tid is not null && tenants.Contains(tid) && (issuer == $"https://sts.windows.net/{tid}/" || issuer == $"https://login.microsoftonline.com/{tid}/v2.0")
                        ? issuer
                        : throw new SecurityTokenInvalidIssuerException("issuer or tenant not allowed");
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme, LocalScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.HasClaim(c => c.Type == LocalClaim)
                || context.User.FindFirst("scp")?.Value.Split(' ').Contains(context.Resource is HttpContext http
                    ? http.RequestServices.GetRequiredService<IOptions<RosterOptions>>().Value.Scope : "access_as_user") == true));
        return services;
    }

    internal const string LocalClaim = "roster_local_login";

    /// <summary>The demo's person picker: a header naming a login, honoured only on loopback and only when enabled.</summary>
    private sealed class LocalSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<RosterOptions> roster)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!roster.Value.LocalSignIn || !Request.Headers.TryGetValue(LocalHeader, out var login) || string.IsNullOrWhiteSpace(login))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            if (Context.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip))
            {
                return Task.FromResult(AuthenticateResult.Fail("local sign-in is for loopback callers only"));
            }

            var identity = new ClaimsIdentity([new Claim(LocalClaim, login.ToString())], LocalScheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), LocalScheme)));
        }
    }
}

/// <summary>The roster person behind a request, and what that person may see.</summary>
public sealed record RosterCaller(RosterPerson Person)
{
    public bool IsCoordinator => Person.Kind == RosterKinds.Coordinator;

    public bool CanSeeSchool(string uai) => IsCoordinator || (Person.Kind == RosterKinds.Referent && Person.SchoolUai == uai);

    public bool CanSeeOrganisation(string organisationId) => IsCoordinator || (Person.Kind == RosterKinds.Correspondent && Person.OrganisationId == organisationId);

    public bool CanSee(RosterPerson p) => IsCoordinator
        || (p.SchoolUai is { } uai && p.Kind is RosterKinds.Student or RosterKinds.Referent && CanSeeSchool(uai))
        || (p.OrganisationId is { } org && p.Kind is RosterKinds.Tutor or RosterKinds.Correspondent && CanSeeOrganisation(org));

    /// <summary>
    /// Finds the caller in the roster: by tenant and object id once linked, else by the token's UPN (v1 <c>upn</c>,
    /// v2 <c>preferred_username</c>) in the login index, and then links the object id for next time.
    /// </summary>
    public static async Task<RosterCaller?> ResolveAsync(ClaimsPrincipal user, RosterStore store, CancellationToken cancellationToken)
    {
        if (user.FindFirst(RosterAuth.LocalClaim)?.Value is { } local)
        {
            return (await store.FindByLoginAsync(local, cancellationToken)) is { Person: { Active: true } p } ? new RosterCaller(p) : null;
        }

        var tid = user.FindFirst("tid")?.Value;
        var oid = user.FindFirst("oid")?.Value;
        if (tid is null || oid is null)
        {
            return null;
        }

        var person = await store.FindByIdentityAsync(tid, oid, cancellationToken);
        if (person is null && (user.FindFirst("upn") ?? user.FindFirst("preferred_username"))?.Value is { } upn
            && await store.FindByLoginAsync(upn, cancellationToken) is { } found)
        {
            person = found.Person;
            await store.LinkIdentityAsync(tid, oid, person, cancellationToken);
        }

        return person is { Active: true } ? new RosterCaller(person) : null;
    }
}
