// The privacy view (coordinators): find a person, download everything held on them as JSON, or erase them after a
// confirmation, following the erasure job until it is done. Calls /api/privacy (coordinators only on the server).
import { ApiError, type PersonView, type RosterApi } from "./api";
import { announce, field, focusOn, h } from "./dom";
import { privacyStrings, type PrivacyStrings } from "./privacy-strings";

interface Erasure { id: string; state: string; steps: string[]; totalSteps: number }

export function privacyView(root: HTMLElement, api: RosterApi): HTMLElement {
  const t = privacyStrings(document.documentElement.lang);
  const heading = h("h2", { id: "privacy-h" }, t.heading);
  const input = h("input", { type: "search", minlength: 2, autocomplete: "off" });
  const results = h("div", { id: "privacy-results" });
  const form = h("form", { role: "search" }, field("privacy-q", t.search, input), h("button", { type: "submit", id: "privacy-find" }, t.find));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (input.value.trim().length < 2) return;
    try {
      const people = await api.search(input.value.trim());
      results.replaceChildren(list(people, api, t));
      announce(t.results(people.length));
    } catch (error) {
      failed(error, t);
    }
  });
  root.append(h("section", { class: "card", "aria-labelledby": "privacy-h" }, heading, h("p", {}, t.intro), form, results));
  return heading;
}

function list(people: PersonView[], api: RosterApi, t: PrivacyStrings): HTMLElement {
  if (people.length === 0) return h("p", {}, t.results(0));
  const rows = people.map((v) => {
    const name = `${v.person.firstName} ${v.person.lastName}`.trim();
    const exportButton = h("button", { type: "button", class: "secondary", "aria-label": t.export(name) }, t.exportLabel);
    const eraseButton = h("button", { type: "button", class: "danger", "aria-label": t.erase(name) }, t.eraseLabel);
    exportButton.addEventListener("click", () => void download(v, name, api, t));
    eraseButton.addEventListener("click", () => confirmErase(v, name, api, t, eraseButton));
    return h("tr", { "data-login": v.person.login }, h("th", { scope: "row" }, name), h("td", {}, v.person.login), h("td", {}, h("div", { class: "buttons" }, exportButton, eraseButton)));
  });
  return h(
    "table",
    {},
    h("caption", {}, t.results(people.length)),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.colName), h("th", { scope: "col" }, t.colLogin), h("th", { scope: "col" }, t.colActions))),
    h("tbody", {}, ...rows),
  );
}

async function download(v: PersonView, name: string, api: RosterApi, t: PrivacyStrings): Promise<void> {
  try {
    const data = await api.send<unknown>("GET", `/api/privacy/export?person=${encodeURIComponent(v.ref)}`);
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    const link = h("a", { href: url, download: `tutorbot-export-${v.person.id}.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    announce(t.exported(name));
  } catch (error) {
    failed(error, t);
  }
}

function confirmErase(v: PersonView, name: string, api: RosterApi, t: PrivacyStrings, opener: HTMLElement): void {
  const yes = h("button", { type: "submit", class: "danger", id: "privacy-confirm" }, t.confirm);
  const no = h("button", { type: "button", class: "secondary" }, t.cancel);
  const form = h("form", { method: "dialog" }, h("h2", { id: "erase-h" }, t.confirmHeading(name)), h("p", { id: "erase-text" }, t.confirmText), h("div", { class: "buttons" }, yes, no));
  const dialog = h("dialog", { "aria-labelledby": "erase-h", "aria-describedby": "erase-text" }, form);
  document.body.append(dialog);
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener.isConnected) opener.focus();
  });
  no.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    yes.disabled = true;
    try {
      let job = await api.send<Erasure>("POST", "/api/privacy/erasures", JSON.stringify({ person: v.ref }), "application/json");
      dialog.close();
      while (job.state !== "done") {
        announce(t.erasing(job.steps.length, job.totalSteps));
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = await api.send<Erasure>("GET", `/api/privacy/erasures/${encodeURIComponent(job.id)}`);
      }
      opener.closest("tr")?.remove();
      const done = h("p", { id: "privacy-done" }, t.erased(name));
      document.getElementById("privacy-results")?.replaceChildren(done);
      focusOn(done);
      announce(t.erased(name));
    } catch (error) {
      dialog.close();
      failed(error, t);
    }
  });
  dialog.showModal();
  no.focus();
}

function failed(error: unknown, t: PrivacyStrings): void {
  const message = error instanceof ApiError ? (error.status === 404 ? t.notFound : error.status === 403 ? t.forbidden : t.failed) : t.failed;
  announce(message, "error");
}
