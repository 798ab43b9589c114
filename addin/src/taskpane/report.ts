// What the status area says after a press of the button, from the plan that was carried out.
import type { Agreement } from "../contract";
import type { Outcome } from "../insert";
import type { Language, PartyMention } from "../mentions";
import { t, type StringKey } from "./strings";

export interface Report {
  message: string;
  details: string[];
}

function mentionLine(lang: Language, m: PartyMention): string {
  const name = m.name;
  if (m.logo.kind === "inline") return t(lang, "withLogo", { name });
  const byReason: Record<typeof m.logo.reason, StringKey> = {
    "not-expected": "withoutLogo",
    "no-logo-version": "noLogoVersion",
    "bat-missing": "batRequestable",
    "text-body": "textBody",
    "logo-unavailable": "logoUnavailable",
    offline: "offlineNoLogo",
  };
  return t(lang, byReason[m.logo.reason], { name });
}

export function report(lang: Language, outcome: Outcome, agreements: Agreement[]): Report {
  const { plan } = outcome;
  const names = [...new Set(plan.mentions.map((m) => m.name))];
  const message =
    plan.content === ""
      ? t(lang, "nothingInserted")
      : t(lang, "inserted", { names: names.join(", ") });
  const details = plan.mentions.map((m) => mentionLine(lang, m));
  for (const r of plan.refusals) {
    const key =
      r.reason === "commercial-without-written-consent" ? "refusedCommercial" : "refusedUnverified";
    details.push(t(lang, key, { name: r.name }));
  }
  for (const id of plan.alreadyInserted) {
    const title = agreements.find((a) => a.id === id)?.title ?? id;
    details.push(t(lang, "alreadyInserted", { title }));
  }
  if (outcome.queued) details.push(t(lang, "notRecorded"));
  return { message, details };
}
