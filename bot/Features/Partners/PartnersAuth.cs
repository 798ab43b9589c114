using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Partners;

/// <summary>
/// Who may call <c>/api/partners</c> and <c>/api/addin</c>: the roster's Entra sign-in (its JwtBearer scheme,
/// <see cref="RosterAuth.Scheme"/>: issuer of an allowed tenant, audience, lifetime) and the roster's person behind
/// <c>tid</c> + <c>oid</c>. Here a token without the API scope is a 401 as well (API.md), and only coordinators and
/// organisations' correspondents get through; what each may touch is decided per route.
/// </summary>
public static class PartnersAuth
{
    /// <summary>
    /// Signs in with the roster's schemes (its Entra JwtBearer, and the Development-only local sign-in), checks the
    /// scope and resolves the caller; 401 / 403 as ProblemDetails (the pane reads them as such).
    /// </summary>
    public static RouteGroupBuilder RequirePartnerCaller(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var culture = PartnersStrings.CultureOf(http.Request);
            var user = await SignInAsync(http);
            var scope = http.RequestServices.GetRequiredService<IOptions<RosterOptions>>().Value.Scope;
            if (user is null || (!user.HasClaim(c => c.Type == RosterAuth.LocalClaim) && user.FindFirst("scp")?.Value.Split(' ').Contains(scope) != true))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Unauthorized(culture);
            }

            http.User = user;
            var caller = await RosterCaller.ResolveAsync(user, http.RequestServices.GetRequiredService<RosterStore>(), http.RequestAborted);
            if (caller is null || caller.Person.Kind is not (RosterKinds.Coordinator or RosterKinds.Correspondent))
            {
                return Forbidden(culture);
            }

            http.Items[typeof(RosterCaller)] = caller;
            return await next(context);
        });
        return group;
    }

    private static async Task<ClaimsPrincipal?> SignInAsync(HttpContext http)
    {
        foreach (var scheme in new[] { RosterAuth.Scheme, RosterAuth.LocalScheme })
        {
            var result = await http.AuthenticateAsync(scheme);
            if (result.Succeeded)
            {
                return result.Principal;
            }

            if (result.Failure is not null)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The JSON body, read after the caller is known (a body bound by parameter would be read, and refused, before
    /// the sign-in is checked); null when it is not JSON or not that shape.
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static RosterCaller Caller(HttpContext http) => (RosterCaller)http.Items[typeof(RosterCaller)]!;

    /// <summary>The organisation the caller acts for: a correspondent's own, the association for a coordinator.</summary>
    public static string OrganisationOf(RosterCaller caller) =>
        caller.IsCoordinator ? RosterValidator.AssociationId : caller.Person.OrganisationId ?? "";

    /// <summary>A coordinator sees every agreement; a correspondent those their organisation is a party to.</summary>
    public static bool IsPartyTo(RosterCaller caller, RosterAgreement agreement) =>
        caller.IsCoordinator || (caller.Person.OrganisationId is { } org && agreement.Parties.Contains(org, StringComparer.Ordinal));

    public static IResult Unauthorized(System.Globalization.CultureInfo culture) =>
        TypedResults.Problem(title: PartnersStrings.Get("Problem_Unauthorized", culture), statusCode: StatusCodes.Status401Unauthorized);

    public static IResult Forbidden(System.Globalization.CultureInfo culture) =>
        TypedResults.Problem(title: PartnersStrings.Get("Problem_Forbidden", culture), statusCode: StatusCodes.Status403Forbidden);
}
