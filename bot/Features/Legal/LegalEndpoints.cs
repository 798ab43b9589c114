using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Features.Privacy;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Legal;

/// <summary>The privacy and terms pages the app manifest links to (<c>developer.privacyUrl</c>, <c>termsOfUseUrl</c>).</summary>
public static class LegalEndpoints
{
    private const string Terms = """
        <!doctype html><html lang="fr"><meta charset="utf-8"><title>TutorBot — conditions d'utilisation</title>
        <h1>Conditions d'utilisation</h1>
        <p>TutorBot est réservé aux membres du programme Passeport Avenir : tuteurs des entreprises partenaires, élèves,
        enseignants référents et coordinateurs. Le nom de l'association ne peut être utilisé dans une communication
        commerciale sans son accord écrit.</p>
        <h2 lang="en">Terms of use</h2>
        <p lang="en">TutorBot is for members of the Passeport Avenir programme only.</p>
        </html>
        """;

    public static IEndpointRouteBuilder MapLegal(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/privacy", (IOptions<PrivacyOptions> privacy, IOptions<DeliveryOptions> delivery, IOptions<ProgrammeOptions> programme) =>
            TypedResults.Content(PrivacyPage.Render(privacy.Value, delivery.Value, programme.Value), "text/html; charset=utf-8"));
        routes.MapGet("/terms", () => TypedResults.Content(Terms, "text/html; charset=utf-8"));
        return routes;
    }
}
