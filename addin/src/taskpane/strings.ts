// The pane's words, French first, English twin with the same keys. taskpane.html carries the French text too, so
// the page reads right before the script runs; elements with data-i18n="key" are filled from here.
import type { Language } from "../mentions";

const fr = {
  title: "Mentions de partenariat",
  intro:
    "Choisissez les partenariats dont parle ce message : TutorBot insère les mentions que leurs conventions exigent.",
  partnerships: "Partenariats concernés",
  language: "Langue des mentions",
  position: "Où insérer",
  atCursor: "À l’emplacement du curseur",
  atEnd: "À la fin du message",
  commercial: "Communication commerciale",
  commercialHelp:
    "Cochez si ce message a un but commercial : un partenaire qui l’interdit n’y est pas cité sans son accord écrit.",
  insert: "Insérer les mentions",
  loading: "Chargement des partenariats…",
  ready: "Partenariats chargés.",
  noAgreements: "Aucun partenariat ne vous concerne.",
  noItem: "Ouvrez ce volet depuis un message en cours de rédaction.",
  offline:
    "Le service TutorBot est injoignable. Seules les mentions en texte reçues le {date} seront insérées, jamais de logo.",
  offlineNoCache:
    "Le service TutorBot est injoignable et aucune mention n’a encore été reçue : rien ne peut être inséré.",
  unauthorised:
    "TutorBot a refusé la connexion. Fermez puis rouvrez le volet pour vous reconnecter.",
  forbidden: "TutorBot ne vous reconnaît comme correspondant d’aucun partenaire.",
  signInFailed: "La connexion à TutorBot a échoué. Réessayez dans un instant.",
  pickOne: "Choisissez au moins un partenariat.",
  inserting: "Insertion en cours…",
  inserted: "Mentions insérées : {names}.",
  nothingInserted: "Rien n’a été inséré.",
  withLogo: "{name} : mention et logo insérés.",
  withoutLogo: "{name} : mention insérée, sans logo.",
  batRequestable:
    "Logo de {name} : aucun BAT accordé pour l’e-mail et cette version du logo, la mention est insérée en texte. Un BAT peut être demandé.",
  textBody: "{name} : le message est en texte brut, le logo n’y est pas inséré.",
  logoUnavailable: "{name} : le logo n’a pas pu être chargé, la mention est insérée en texte.",
  noLogoVersion: "{name} : aucun logo n’est enregistré, la mention est insérée en texte.",
  offlineNoLogo: "{name} : hors connexion, la mention est insérée sans logo.",
  alreadyInserted: "{title} : les mentions sont déjà dans le message.",
  refusedCommercial:
    "{name} : nom non inséré. Une communication commerciale ne peut citer {name} qu’avec son accord écrit, et aucun n’est enregistré.",
  refusedUnverified:
    "{name} : nom non inséré. Hors connexion, l’accord écrit de {name} pour une communication commerciale ne peut pas être vérifié.",
  notRecorded: "L’insertion sera enregistrée dès que TutorBot sera joignable.",
  failed: "L’insertion a échoué ; le message n’a pas été modifié.",
  batTitle: "Demandes de BAT",
  batAsk: "Demander le BAT de {name} pour ce message",
  batAsked: "Demande de BAT envoyée à {name} : sa réponse arrivera dans Teams.",
  batFailed: "La demande de BAT n’a pas pu être envoyée. Réessayez.",
  batLine: "{name} : {status} (demandé le {date})",
  "bat-pending": "en attente",
  "bat-approved": "approuvé",
  "bat-changes-requested": "modifications demandées",
  "bat-rejected": "refusé",
  "bat-expired": "expiré sans réponse",
};

export type StringKey = keyof typeof fr;

const en: Record<StringKey, string> = {
  title: "Partnership mentions",
  intro:
    "Pick the partnerships this message is about: TutorBot inserts the mentions their agreements require.",
  partnerships: "Partnerships concerned",
  language: "Language of the mentions",
  position: "Where to insert",
  atCursor: "At the cursor",
  atEnd: "At the end of the message",
  commercial: "Commercial communication",
  commercialHelp:
    "Tick if this message has a commercial purpose: a partner that forbids it is not cited without its written agreement.",
  insert: "Insert the mentions",
  loading: "Loading partnerships…",
  ready: "Partnerships loaded.",
  noAgreements: "You are not part of any partnership.",
  noItem: "Open this pane from a message you are writing.",
  offline:
    "TutorBot cannot be reached. Only the mention texts received on {date} will be inserted, never a logo.",
  offlineNoCache:
    "TutorBot cannot be reached and no mention has been received yet: nothing can be inserted.",
  unauthorised: "TutorBot refused the sign-in. Close and reopen the pane to sign in again.",
  forbidden: "TutorBot does not know you as the correspondent of any partner.",
  signInFailed: "Signing in to TutorBot failed. Try again in a moment.",
  pickOne: "Pick at least one partnership.",
  inserting: "Inserting…",
  inserted: "Mentions inserted: {names}.",
  nothingInserted: "Nothing was inserted.",
  withLogo: "{name}: mention and logo inserted.",
  withoutLogo: "{name}: mention inserted, without logo.",
  batRequestable:
    "{name}'s logo: no BAT granted for e-mail and this logo version, so the mention goes in as text. A BAT can be requested.",
  textBody: "{name}: the message is plain text, so the logo is not inserted.",
  logoUnavailable: "{name}: the logo could not be loaded, so the mention goes in as text.",
  noLogoVersion: "{name}: no logo is on record, so the mention goes in as text.",
  offlineNoLogo: "{name}: offline, so the mention goes in without logo.",
  alreadyInserted: "{title}: the mentions are already in the message.",
  refusedCommercial:
    "{name}: name not inserted. Commercial communication may cite {name} only with its written agreement, and none is on record.",
  refusedUnverified:
    "{name}: name not inserted. Offline, {name}'s written agreement to commercial communication cannot be checked.",
  notRecorded: "The insertion will be recorded as soon as TutorBot can be reached.",
  failed: "The insertion failed; the message was not changed.",
  batTitle: "BAT requests",
  batAsk: "Ask {name} for its BAT for this message",
  batAsked: "BAT request sent to {name}: the answer will come in Teams.",
  batFailed: "The BAT request could not be sent. Try again.",
  batLine: "{name}: {status} (asked on {date})",
  "bat-pending": "pending",
  "bat-approved": "approved",
  "bat-changes-requested": "changes requested",
  "bat-rejected": "rejected",
  "bat-expired": "expired unanswered",
};

const tables: Record<Language, Record<StringKey, string>> = { fr, en };

/** French unless Office displays English. */
export function uiLanguage(displayLanguage: string | undefined): Language {
  return (displayLanguage ?? "").toLowerCase().startsWith("en") ? "en" : "fr";
}

export function t(lang: Language, key: StringKey, args: Record<string, string> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}
