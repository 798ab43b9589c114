// The privacy view's words, French first, English by the browser's language.
const fr = {
  nav: "Données personnelles",
  heading: "Exporter ou effacer les données d'une personne",
  intro: "Cherchez la personne par son nom. L'export donne un fichier JSON de tout ce que TutorBot garde sur elle ; l'effacement la retire de tous les stockages et ne peut pas être annulé.",
  search: "Nom de famille (au moins deux lettres)",
  find: "Chercher",
  results: (n: number) => (n === 0 ? "Personne ne correspond." : n === 1 ? "1 personne" : `${n} personnes`),
  colName: "Nom",
  colLogin: "Identifiant",
  colActions: "Actions",
  export: (name: string) => `Exporter ${name}`,
  erase: (name: string) => `Effacer ${name}`,
  exportLabel: "Exporter",
  eraseLabel: "Effacer",
  exported: (name: string) => `Export de ${name} téléchargé.`,
  confirmHeading: (name: string) => `Effacer ${name} ?`,
  confirmText: "Tout ce qui nomme cette personne sera supprimé, ou rendu anonyme là où le dossier d'un autre en a besoin (nombre de participants d'un atelier, compte rendu d'un tuteur). L'effacement est tracé sans ses données. Il ne peut pas être annulé.",
  confirm: "Effacer définitivement",
  cancel: "Annuler",
  erasing: (done: number, total: number) => `Effacement : ${done} étapes sur ${total}`,
  erased: (name: string) => `Effacement de ${name} terminé.`,
  notFound: "Cette personne n'a plus de données : déjà effacée ?",
  forbidden: "Seuls les coordinateurs exportent ou effacent des données.",
  failed: "Échec : réessayez.",
};

export type PrivacyStrings = typeof fr;

const en: PrivacyStrings = {
  nav: "Personal data",
  heading: "Export or erase a person's data",
  intro: "Find the person by name. Export gives a JSON file of everything TutorBot keeps on them; erasure removes them from every store and cannot be undone.",
  search: "Last name (at least two letters)",
  find: "Search",
  results: (n) => (n === 0 ? "Nobody matches." : n === 1 ? "1 person" : `${n} people`),
  colName: "Name",
  colLogin: "Sign-in name",
  colActions: "Actions",
  export: (name) => `Export ${name}`,
  erase: (name) => `Erase ${name}`,
  exportLabel: "Export",
  eraseLabel: "Erase",
  exported: (name) => `Export of ${name} downloaded.`,
  confirmHeading: (name) => `Erase ${name}?`,
  confirmText: "Everything that names this person is deleted, or made anonymous where someone else's record needs the fact (a workshop's number of attendees, a tutor's log). The erasure is recorded without their data. It cannot be undone.",
  confirm: "Erase for good",
  cancel: "Cancel",
  erasing: (done, total) => `Erasing: ${done} of ${total} steps`,
  erased: (name) => `Erasure of ${name} done.`,
  notFound: "This person has no data left: erased already?",
  forbidden: "Only coordinators export or erase data.",
  failed: "That failed: try again.",
};

export function privacyStrings(language: string): PrivacyStrings {
  return language === "en" ? en : fr;
}
