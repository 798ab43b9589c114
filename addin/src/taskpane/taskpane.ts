/* global Office */
// The compose task pane: Office.onReady, fills the form, wires the Insert button. The decisions are in mentions.ts,
// the office.js calls in compose.ts, the API calls in api.ts.
import { loadConfig, TokenProvider } from "../auth";
import { myRequests, requestable, requestBat, requestBody } from "../bat";
import { bodyType, displayLanguage, getBody, hasComposeItem } from "../compose";
import type { Agreement } from "../contract";
import { insertMentions, type Position, type Session } from "../insert";
import type { Language } from "../mentions";
import { openSession } from "../session";
import { report } from "./report";
import { t, uiLanguage, type StringKey } from "./strings";

let lang: Language = "fr";
let session: Session | null = null;

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found as T;
}

function showStatus(message: string, details: string[] = [], offline = false): void {
  el("status").classList.toggle("offline", offline);
  el("status-message").textContent = message;
  el("status-details").replaceChildren(
    ...details.map((d) => {
      const li = document.createElement("li");
      li.textContent = d;
      return li;
    })
  );
}

function applyStrings(): void {
  document.documentElement.lang = lang;
  document.title = `TutorBot : ${t(lang, "title")}`;
  for (const node of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    node.textContent = t(lang, node.dataset.i18n as StringKey);
  }
  el<HTMLInputElement>(`language-${lang}`).checked = true;
}

function renderAgreements(agreements: Agreement[]): void {
  const list = el("partnership-list");
  list.replaceChildren(
    ...agreements.map((a, i) => {
      const row = document.createElement("div");
      row.className = "choice";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "agreement";
      box.id = `agreement-${i}`;
      box.value = a.id;
      const label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = a.title;
      row.append(box, label);
      return row;
    })
  );
}

function checked(name: string): string[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (i) => i.value
  );
}

async function onInsert(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!session) return;
  const selected = checked("agreement");
  if (selected.length === 0) {
    showStatus(t(lang, "pickOne"), [], session.offline);
    return;
  }
  const button = el<HTMLButtonElement>("insert");
  button.disabled = true;
  showStatus(t(lang, "inserting"), [], session.offline);
  try {
    const outcome = await insertMentions(session, {
      selected,
      language: checked("language")[0] === "en" ? "en" : "fr",
      position: (checked("position")[0] === "end" ? "end" : "cursor") as Position,
      commercial: el<HTMLInputElement>("commercial").checked,
    });
    const { message, details } = report(lang, outcome, session.data.agreements);
    showStatus(message, details, session.offline);
    if (!session.offline) renderBatOffers(requestable(outcome.plan, session.data));
  } catch {
    showStatus(t(lang, "failed"), [], session.offline);
  } finally {
    button.disabled = false;
  }
}

function partyName(organisationId: string): string {
  for (const a of session?.data.agreements ?? [])
    for (const p of a.parties) if (p.organisationId === organisationId) return p.name;
  return organisationId;
}

/** The caller's BAT requests and where they stand (the decisions come from Teams). */
async function renderBatList(): Promise<void> {
  if (!session) return;
  const requests = (await myRequests(await session.token())).slice(0, 5);
  const format = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "fr-FR", {
    dateStyle: "medium",
    timeZone: "Europe/Paris",
  });
  el("bat-list").replaceChildren(
    ...requests.map((r) => {
      const li = document.createElement("li");
      li.textContent = t(lang, "batLine", {
        name: partyName(r.organisationId),
        status: t(lang, `bat-${r.status}` as StringKey),
        date: format.format(new Date(r.createdAt)),
      });
      return li;
    })
  );
  el("bat").hidden = requests.length === 0 && el("bat-offers").childElementCount === 0;
}

/** One button per partner whose logo was left out for want of a BAT: asks it, with the message as it stands. */
function renderBatOffers(
  offers: { organisationId: string; name: string; logoHash: string }[]
): void {
  el("bat-offers").replaceChildren(
    ...offers.map((o) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = t(lang, "batAsk", { name: o.name });
      button.addEventListener("click", () => void askBat(button, o));
      return button;
    })
  );
  el("bat").hidden = offers.length === 0 && el("bat-list").childElementCount === 0;
}

async function askBat(
  button: HTMLButtonElement,
  o: { organisationId: string; name: string; logoHash: string }
): Promise<void> {
  if (!session) return;
  button.disabled = true;
  try {
    const draft = await getBody(await bodyType());
    await requestBat(
      await session.token(),
      requestBody(o.organisationId, o.logoHash, draft, new Date())
    );
    button.remove();
    showStatus(t(lang, "batAsked", { name: o.name }));
    await renderBatList();
  } catch {
    button.disabled = false;
    showStatus(t(lang, "batFailed"));
  }
}

async function start(): Promise<void> {
  lang = uiLanguage(displayLanguage());
  applyStrings();
  if (!hasComposeItem()) {
    showStatus(t(lang, "noItem"));
    return;
  }
  const tokens = new TokenProvider(await loadConfig());
  const opened = await openSession(() => tokens.token());
  if (opened.kind === "failed") {
    showStatus(t(lang, opened.reason), [], opened.reason === "offlineNoCache");
    return;
  }
  session = opened.session;
  renderAgreements(session.data.agreements);
  if (opened.kind === "offline") {
    const date = new Date(opened.savedAt).toLocaleString(lang === "en" ? "en-GB" : "fr-FR", {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: "Europe/Paris",
    });
    showStatus(t(lang, "offline", { date }), [], true);
  } else {
    showStatus(t(lang, session.data.agreements.length > 0 ? "ready" : "noAgreements"));
  }
  el<HTMLButtonElement>("insert").disabled = session.data.agreements.length === 0;
  el<HTMLFormElement>("form").addEventListener("submit", (e) => void onInsert(e));
  if (opened.kind === "online") void renderBatList().catch(() => undefined);
}

Office.onReady(() => void start());
