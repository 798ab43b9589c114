using System.Globalization;
using System.Net;
using System.Xml;
using TutorBot.Delivery;
using TutorBot.Features.Privacy;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Legal;

/// <summary>
/// The privacy page (<c>developer.privacyUrl</c>): what is stored, for how long, who sees it and how to ask for an
/// export or an erasure, in French and English. Every period is read from configuration and marked
/// (<c>&lt;data value="P30D" data-setting="…"&gt;</c>) so a test holds the page to the settings.
/// </summary>
public static class PrivacyPage
{
    public static string Render(PrivacyOptions privacy, DeliveryOptions delivery, ProgrammeOptions programme)
    {
        string P(TimeSpan period, string setting, string unit) =>
            $"<data value=\"{XmlConvert.ToString(TimeSpan.FromDays(Math.Round(period.TotalDays)))}\" data-setting=\"{setting}\">{Days(period)} {unit}</data>";
        var years = P(privacy.SchoolYearRetention, "Privacy:SchoolYearRetention", "jours");
        var done = P(delivery.DoneRetention, "Delivery:DoneRetention", "jours");
        var records = P(privacy.RecordRetention, "Privacy:RecordRetention", "jours");
        var yearsEn = P(privacy.SchoolYearRetention, "Privacy:SchoolYearRetention", "days");
        var doneEn = P(delivery.DoneRetention, "Delivery:DoneRetention", "days");
        var recordsEn = P(privacy.RecordRetention, "Privacy:RecordRetention", "days");
        var contact = WebUtility.HtmlEncode(programme.ContactEmail);
        var contactName = WebUtility.HtmlEncode(programme.ContactName);
        return $$"""
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>TutorBot — confidentialité</title></head><body><main>
            <h1>Confidentialité</h1>
            <p>TutorBot garde le strict minimum pour organiser le programme Passeport Avenir. Beaucoup d'élèves sont mineurs :
            aucun document, aucune adresse personnelle, aucune date de naissance n'est conservé.</p>
            <h2>Ce qui est conservé</h2>
            <ul>
            <li>Le profil : prénom, nom, rôle, établissement, classe, niveau, filière, identifiant de connexion, identité Teams (identifiant Entra, identifiant Teams) et la référence de la conversation avec TutorBot.</li>
            <li>Les séances de tutorat : dates, durée, lieu, réponses, le compte rendu du tuteur (a eu lieu, absent, annulée, thèmes), la note et le commentaire de l'élève, les motifs d'un report ou d'une annulation.</li>
            <li>Les ateliers et visites : inscriptions, liste d'attente, présence, intervenants.</li>
            <li>Les envois : chaque carte, rappel ou réservation d'agenda à faire ou fait, avec son résultat.</li>
            </ul>
            <h2>Combien de temps</h2>
            <ul>
            <li>Séances, inscriptions et présences : l'année scolaire (1er septembre – 31 août) puis {{years}} ; elles sont ensuite réduites aux seuls comptes du rapport annuel (nombre de séances, de présences, notes moyennes), qui ne nomment personne.</li>
            <li>Envois terminés : {{done}} après leur fin.</li>
            <li>La référence de conversation Teams : tant que l'application est installée ; elle est supprimée quand la personne désinstalle TutorBot, et plus rien ne lui est envoyé jusqu'à ce qu'elle le réinstalle.</li>
            <li>Le profil : tant que la personne fait partie du programme, ou jusqu'à son effacement.</li>
            <li>La trace des exports et effacements (qui l'a demandé, quand, une empreinte salée de l'identifiant, jamais les données) : {{records}}.</li>
            </ul>
            <h2>Qui les voit</h2>
            <p>Le tuteur et son élève voient leurs séances. L'enseignant référent voit les élèves de son établissement, le correspondant d'une entreprise ses tuteurs,
            les coordinateurs du programme l'ensemble. Les rapports sont agrégés et ne montrent jamais un élève seul. Le texte saisi est échappé avant d'être montré à quelqu'un d'autre.</p>
            <h2>Exporter ou effacer vos données</h2>
            <p>Écrivez à {{contactName}} (<a href="mailto:{{contact}}">{{contact}}</a>). Un coordinateur exporte toutes vos données dans un fichier JSON
            ou les efface de tous les stockages : ce qui vous nomme est supprimé, ou rendu anonyme quand le dossier d'un autre en a besoin
            (un atelier garde son nombre de participants, le compte rendu d'un tuteur garde « un élève » et la date). Chaque export et effacement est lui-même tracé.</p>
            <section lang="en">
            <h1>Privacy</h1>
            <p>TutorBot keeps the minimum needed to run the Passeport Avenir programme. Many students are minors: no documents, no home address and no birth date are stored.</p>
            <h2>What is stored</h2>
            <ul>
            <li>The profile: first and last name, role, school, class, level, stream, sign-in name, Teams identity (Entra and Teams ids) and the reference of the chat with TutorBot.</li>
            <li>Tutoring sessions: dates, length, place, answers, the tutor's log (happened, absent, cancelled, topics), the student's rating and comment, the reason for a reschedule or cancellation.</li>
            <li>Workshops and site visits: registrations, waiting list, attendance, speakers.</li>
            <li>Deliveries: each card, reminder or calendar booking to send or sent, with its outcome.</li>
            </ul>
            <h2>How long</h2>
            <ul>
            <li>Sessions, registrations and attendance: the school year (1 September – 31 August) and then {{yearsEn}}; they are then reduced to the annual report's counts (sessions, attendance, average ratings), which name nobody.</li>
            <li>Finished deliveries: {{doneEn}} after they finished.</li>
            <li>The Teams chat reference: while the app is installed; it is deleted when the person uninstalls TutorBot, and nothing is sent to them until they install it again.</li>
            <li>The profile: while the person is in the programme, or until it is erased.</li>
            <li>The record of exports and erasures (who asked, when, a salted hash of the id, never the data): {{recordsEn}}.</li>
            </ul>
            <h2>Who sees it</h2>
            <p>A tutor and their student see their sessions. A school's referent teacher sees its students, a company's correspondent its tutors, the programme's
            coordinators everyone. Reports are aggregated and never show a single student. Typed text is escaped before anyone else sees it.</p>
            <h2>Export or erase your data</h2>
            <p>Write to {{contactName}} (<a href="mailto:{{contact}}">{{contact}}</a>). A coordinator exports all your data as a JSON file or erases it from every
            store: what names you is deleted, or made anonymous where someone else's record needs the fact (a workshop keeps its number of attendees, a tutor's
            log keeps "a student" and the date). Each export and erasure is itself recorded.</p>
            </section>
            </main></body></html>
            """;
    }

    private static string Days(TimeSpan period) => Math.Round(period.TotalDays).ToString(CultureInfo.InvariantCulture);
}
