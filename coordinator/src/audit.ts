// The audit view: the partners' communication log (BAT requests, decisions, grants, expiries, withdrawals, mentions
// inserted, sends stopped) as the partners' annual meeting reads it: a summary per partner for the year, every
// entry in order, and the CSV download (GET /api/partners/audit, /api/partners/audit/csv). Coordinators see every
// entry, a correspondent those about their organisation. Names of organisations only, never of people.
import type { RosterApi } from "./api";
import { announce, field, h } from "./dom";
import type { Strings } from "./strings";
import { auditStrings, type AuditStrings } from "./audit-strings";

export interface AuditEntryView {
  seq: number;
  at: string;
  kind: string;
  organisationId: string | null;
  organisationName: string | null;
  logoHash: string | null;
  medium: string | null;
  detail: string | null;
  hash: string;
}

export interface AuditView {
  scope: string;
  entries: AuditEntryView[];
}

/** The kinds the summary counts, in its column order. */
const SUMMARY = ["bat.requested", "grant.granted", "grant.revoked", "addin.insertion", "send.blocked"];

export function auditLabel(language: string): string {
  return auditStrings(language).nav;
}

export function auditView(root: HTMLElement, api: RosterApi, _t: Strings): HTMLElement {
  const language = document.documentElement.lang === "en" ? "en" : "fr";
  const a = auditStrings(language);
  const heading = h("h2", { id: "audit-h" }, a.heading);
  const body = h("div", {});
  root.append(h("section", { class: "card", "aria-labelledby": "audit-h" }, heading, h("p", {}, a.intro), body));
  void (async () => {
    const view = await api.audit();
    const years = [...new Set(view.entries.map((e) => parisYear(e.at)))].sort().reverse();
    const current = String(new Date().getFullYear());
    if (!years.includes(current)) years.unshift(current);
    const year = h("select", {}, ...years.map((y) => h("option", { value: y }, y)));
    const tables = h("div", { id: "audit-tables" });
    const render = () => tables.replaceChildren(...yearTables(view.entries.filter((e) => parisYear(e.at) === year.value), year.value, a, language));
    year.addEventListener("change", render);
    const download = h("button", { type: "button", id: "audit-csv" }, a.download);
    download.addEventListener("click", () => void saveCsv(api, a));
    body.append(h("div", { class: "row" }, field("audit-year", a.year, year), h("p", {}, download)), tables);
    render();
    announce(a.loaded(view.entries.length));
  })().catch(() => announce(a.failed, "error"));
  return heading;
}

function yearTables(entries: AuditEntryView[], year: string, a: AuditStrings, language: string): HTMLElement[] {
  if (entries.length === 0) return [h("p", {}, a.empty)];
  const partners = [...new Set(entries.map((e) => e.organisationName ?? a.none))].sort((x, y) => x.localeCompare(y, language));
  const summary = h(
    "table",
    {},
    h("caption", {}, a.summaryCaption(year)),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, a.colPartner), ...SUMMARY.map((k) => h("th", { scope: "col" }, a.kinds[k] ?? k)))),
    h(
      "tbody",
      {},
      ...partners.map((p) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, p),
          ...SUMMARY.map((k) => h("td", {}, String(entries.filter((e) => (e.organisationName ?? a.none) === p && e.kind === k).length))),
        ),
      ),
    ),
  );
  const when = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "fr-FR", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" });
  const list = h(
    "table",
    { id: "audit-entries" },
    h("caption", {}, a.entriesCaption(year, entries.length)),
    h(
      "thead",
      {},
      h("tr", {}, ...[a.colNumber, a.colWhen, a.colEvent, a.colPartner, a.colMedium, a.colLogo, a.colDetail].map((c) => h("th", { scope: "col" }, c))),
    ),
    h(
      "tbody",
      {},
      ...entries.map((e) =>
        h(
          "tr",
          {},
          h("td", {}, String(e.seq)),
          h("td", {}, when.format(new Date(e.at))),
          h("td", {}, a.kinds[e.kind] ?? e.kind),
          h("td", {}, e.organisationName ?? a.none),
          h("td", {}, e.medium ? (a.media[e.medium] ?? e.medium) : a.none),
          h("td", {}, e.logoHash ? h("code", {}, e.logoHash.slice(0, 12)) : a.none),
          h("td", {}, e.detail ? (a.details[e.detail] ?? a.none) : a.none),
        ),
      ),
    ),
  );
  return [summary, list];
}

function parisYear(iso: string): string {
  return new Intl.DateTimeFormat("fr-FR", { year: "numeric", timeZone: "Europe/Paris" }).format(new Date(iso));
}

async function saveCsv(api: RosterApi, a: AuditStrings): Promise<void> {
  try {
    const blob = await api.download("/api/partners/audit/csv");
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: "tutorbot-audit.csv" });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
    announce(a.downloaded);
  } catch {
    announce(a.failed, "error");
  }
}
