namespace TutorBot.Features.Legal;

/// <summary>The privacy and terms pages the app manifest links to (<c>developer.privacyUrl</c>, <c>termsOfUseUrl</c>).</summary>
public static class LegalEndpoints
{
    private const string Privacy = """
        <!doctype html><html lang="fr"><meta charset="utf-8"><title>TutorBot — confidentialité</title>
        <h1>Confidentialité</h1>
        <p>TutorBot conserve le strict minimum pour organiser le tutorat Passeport Avenir : nom, établissement, classe,
        filière, identité Teams et les séances. Aucun document, aucune adresse personnelle. Beaucoup d'élèves sont
        mineurs : les rapports sont agrégés et ne montrent jamais un élève seul. Un coordinateur peut exporter ou effacer
        les données d'une personne ; les données d'une année scolaire sont purgées après la durée de conservation fixée.</p>
        <h2 lang="en">Privacy</h2>
        <p lang="en">TutorBot keeps the minimum needed to run the Passeport Avenir tutoring programme: name, school, class,
        stream, Teams identity and sessions. No documents, no home address. Reports are aggregated.</p>
        </html>
        """;

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
        routes.MapGet("/privacy", () => TypedResults.Content(Privacy, "text/html; charset=utf-8"));
        routes.MapGet("/terms", () => TypedResults.Content(Terms, "text/html; charset=utf-8"));
        return routes;
    }
}
