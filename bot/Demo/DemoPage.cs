using System.Net;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;

namespace TutorBot.Demo;

/// <summary>
/// The local run's one page: the tutor's and the student's Agents Playground side by side, so both sides of a
/// conversation can be tried. Mapped only in Development, when the run script names the two Playgrounds.
/// </summary>
public static class DemoPage
{
    public static IEndpointRouteBuilder MapDemo(this WebApplication app)
    {
        var tutor = app.Configuration["Demo:TutorPlaygroundUrl"];
        var student = app.Configuration["Demo:StudentPlaygroundUrl"];
        if (!app.Environment.IsDevelopment() || tutor is null || student is null)
        {
            return app;
        }

        var page = $$"""
            <!doctype html>
            <html lang="fr"><head><meta charset="utf-8"><title>TutorBot — démo</title>
            <style>
              body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f5f5f5; }
              header { padding: 8px 16px; background: #464775; color: white; }
              header p { margin: 2px 0 0; font-size: 14px; opacity: .9; }
              header a { color: white; font-weight: 600; }
              main { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; padding: 8px; height: calc(100vh - 78px); }
              section { display: flex; flex-direction: column; }
              h2 { margin: 0 0 4px; font-size: 15px; }
              iframe { flex: 1; border: 1px solid #ccc; border-radius: 4px; background: white; }
            </style></head>
            <body>
            <header><strong>TutorBot — démo locale</strong>
              <p>À gauche, Claire Martin (tutrice) : écrivez « séance ». À droite, Yasmine Benali (élève) reçoit l'invitation et répond.
                 « english » passe le bot en anglais.
                 <a href="/coordinator">Espace coordination</a> : import des participants et listes (connexion locale de démo).
                 <a href="/demo/compose">Fenêtre de rédaction Outlook</a> : le complément Outlook sans Outlook (mentions de partenariat).</p></header>
            <main>
              <section><h2>Claire Martin — tutrice, Provence Énergie</h2><iframe id="tutor" src="{{WebUtility.HtmlEncode(tutor)}}" title="Tutrice"></iframe></section>
              <section><h2>Yasmine Benali — élève, Terminale STI2D</h2><iframe id="student" src="{{WebUtility.HtmlEncode(student)}}" title="Élève"></iframe></section>
            </main>
            </body></html>
            """;
        app.MapGet("/demo", () => TypedResults.Content(page, "text/html; charset=utf-8"));
        return app;
    }
}
