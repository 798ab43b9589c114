// The words of the audit view (audit.ts): French first, English when the page is in English.
const fr = {
  nav: "Journal BAT",
  heading: "Journal des BAT, des logos et des mentions",
  intro:
    "Chaque demande de BAT, décision, autorisation, expiration, retrait, insertion de mention et envoi bloqué, dans l’ordre. " +
    "Le journal est chaîné : chaque entrée porte l’empreinte de la précédente, si bien qu’une entrée modifiée ou supprimée se voit à la vérification.",
  year: "Année",
  summaryCaption: (year: string) => `Synthèse ${year} par partenaire`,
  entriesCaption: (year: string, n: number) => `Entrées ${year} (${n})`,
  colPartner: "Partenaire",
  colWhen: "Date (heure de Paris)",
  colEvent: "Événement",
  colMedium: "Support",
  colLogo: "Version du logo",
  colDetail: "Détail",
  colNumber: "N°",
  none: "—",
  empty: "Aucune entrée pour cette année.",
  download: "Télécharger le journal (CSV)",
  downloaded: "Le journal a été téléchargé.",
  loaded: (n: number) => `${n} entrées dans le journal.`,
  failed: "Le journal n’a pas pu être lu. Réessayez.",
  kinds: {
    "bat.requested": "BAT demandé",
    "bat.decided": "BAT décidé",
    "bat.expired": "BAT expiré sans réponse",
    "grant.granted": "Logo autorisé",
    "grant.expired": "Autorisation arrivée à terme",
    "grant.revoked": "Autorisation retirée",
    "addin.insertion": "Mention insérée",
    "send.blocked": "Envoi bloqué",
    "send.unchecked": "Envoi sans vérification (serveur injoignable)",
  } as Record<string, string>,
  details: { approved: "approuvé", "changes-requested": "modifications demandées", rejected: "refusé", expired: "expiré" } as Record<string, string>,
  media: { email: "e-mail", website: "site web", brochure: "brochure", poster: "affiche", "press-release": "communiqué de presse" } as Record<string, string>,
};

export type AuditStrings = typeof fr;

const en: AuditStrings = {
  nav: "BAT log",
  heading: "Log of BATs, logos and mentions",
  intro:
    "Every BAT request, decision, approval, expiry, withdrawal, mention inserted and send stopped, in order. " +
    "The log is chained: each entry carries the fingerprint of the one before, so a changed or removed entry shows when the log is verified.",
  year: "Year",
  summaryCaption: (year: string) => `${year} summary by partner`,
  entriesCaption: (year: string, n: number) => `${year} entries (${n})`,
  colPartner: "Partner",
  colWhen: "Date (Paris time)",
  colEvent: "Event",
  colMedium: "Medium",
  colLogo: "Logo version",
  colDetail: "Detail",
  colNumber: "No.",
  none: "—",
  empty: "No entry for this year.",
  download: "Download the log (CSV)",
  downloaded: "The log was downloaded.",
  loaded: (n: number) => `${n} entries in the log.`,
  failed: "The log could not be read. Try again.",
  kinds: {
    "bat.requested": "BAT requested",
    "bat.decided": "BAT decided",
    "bat.expired": "BAT expired unanswered",
    "grant.granted": "Logo approved",
    "grant.expired": "Approval ended",
    "grant.revoked": "Approval withdrawn",
    "addin.insertion": "Mention inserted",
    "send.blocked": "Send stopped",
    "send.unchecked": "Sent unchecked (server unreachable)",
  },
  details: { approved: "approved", "changes-requested": "changes requested", rejected: "rejected", expired: "expired" },
  media: { email: "e-mail", website: "website", brochure: "brochure", poster: "poster", "press-release": "press release" },
};

export function auditStrings(language: string): AuditStrings {
  return language === "en" ? en : fr;
}
