// The coordinator page: signs in (Teams, Entra redirect, or the demo's local sign-in), asks who the user is, and
// offers the views their role allows: import (coordinators), schools, companies, search.
import { ApiError, loadConfig, localPeople, RosterApi, type Me, type PageConfig } from "./api";
import { entraConfigured, inTeams, localSession, msalSession, rememberedLocalLogin, teamsSession, type Session } from "./auth";
import { announce, byId, field, focusOn, h } from "./dom";
import { importView } from "./import";
import { auditLabel, auditView } from "./audit";
import { batLabel, batView } from "./bat";
import { BatApi } from "./bat-api";
import { pairingView } from "./pairing";
import { PairingApi } from "./pairing-api";
import { pairingStringsFor } from "./pairing-strings";
import { followUpStringsFor } from "./followup-strings";
import { companiesView, schoolsView, searchView } from "./people";
import { privacyView } from "./privacy";
import { privacyStrings } from "./privacy-strings";
import { languageOf, stringsFor } from "./strings";
import { wavesLabel, wavesView } from "./waves";
import { WavesApi } from "./waves-api";

const language = languageOf(navigator.language);
const t = stringsFor(language);

type View = (root: HTMLElement, api: RosterApi, strings: typeof t) => HTMLElement;

async function boot(): Promise<void> {
  document.documentElement.lang = language;
  document.title = t.title;
  byId("title").textContent = t.title;
  byId("skip").textContent = language === "en" ? "Skip to content" : "Aller au contenu";
  byId("nav").setAttribute("aria-label", t.nav);
  byId("boot").textContent = t.loading;

  const config = await loadConfig();
  // Outside Teams app.initialize() rejects: the page goes on as a plain web page.
  if (await inTeams()) {
    if (entraConfigured(config)) {
      try {
        await start(await teamsSession(config));
      } catch {
        announce(t.failed, "error");
      }
      return;
    }
  }
  let entraSignIn: (() => Promise<void>) | null = null;
  if (entraConfigured(config)) {
    const entra = await msalSession(config);
    if (entra.session) return start(entra.session);
    entraSignIn = entra.signIn;
  }
  const remembered = config.localSignIn ? rememberedLocalLogin() : null;
  if (remembered) return start(localSession(remembered));
  await showSignIn(config, entraSignIn);
}

async function showSignIn(config: PageConfig, entraSignIn: (() => Promise<void>) | null): Promise<void> {
  const main = byId("main");
  const heading = h("h2", { id: "signin-h" }, t.signInHeading);
  const section = h("section", { class: "card", "aria-labelledby": "signin-h" }, heading);
  if (entraSignIn) {
    const button = h("button", { type: "button", id: "signin-entra" }, t.signInMicrosoft);
    button.addEventListener("click", () => {
      announce(t.signingIn);
      void entraSignIn();
    });
    section.append(h("p", {}, button));
  }
  if (config.localSignIn) {
    const people = await localPeople();
    const select = h("select", {}, ...people.map((p) => h("option", { value: p.login }, `${p.name || p.login} — ${t.roles[p.kind] ?? p.kind}`)));
    const form = h("form", {}, field("signin-person", t.signInLocalLabel, select, t.signInLocalHint), h("button", { type: "submit", id: "signin-local" }, t.signInLocal));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void start(localSession(select.value));
    });
    section.append(form);
  }
  if (!entraSignIn && !config.localSignIn) section.append(h("p", {}, t.signInNone));
  main.replaceChildren(section);
}

async function start(session: Session): Promise<void> {
  const api = new RosterApi(session.credentials, language);
  const main = byId("main");
  let me: Me;
  try {
    me = await api.me();
  } catch (error) {
    const message = error instanceof ApiError && (error.status === 401 || error.status === 403) ? t.forbidden : t.failed;
    main.replaceChildren(h("section", { class: "card" }, h("h2", {}, t.signInHeading), h("p", { class: "no" }, message)));
    announce(message, "error");
    await session.signOut();
    showWho(null, session);
    return;
  }
  showWho(me, session);

  const views: [string, string, View][] = [];
  if (me.kind === "coordinator") views.push(["import", t.viewImport, importView]);
  if (me.kind === "coordinator" || me.kind === "referent") views.push(["schools", t.viewSchools, schoolsView]);
  if (me.kind === "coordinator" || me.kind === "correspondent") views.push(["companies", t.viewCompanies, companiesView]);
  if (me.kind === "coordinator" || me.kind === "referent") {
    const pairing = new PairingApi(session.credentials, language);
    views.push(["pairing", pairingStringsFor(language).view, (root, roster) => pairingView(root, roster, pairing, pairingStringsFor(language), me.kind === "coordinator", followUpStringsFor(language), language)]);
  }
  if (me.kind === "coordinator" || me.kind === "referent") {
    views.push(["waves", wavesLabel(language), (root, roster) => wavesView(root, roster, new WavesApi(session.credentials, language), me.kind === "coordinator")]);
  }
  views.push(["search", t.viewSearch, searchView]);
  if (me.kind === "coordinator" || me.kind === "correspondent") views.push(["audit", auditLabel(language), auditView]);
  if (me.kind === "coordinator" || me.kind === "correspondent") views.push(["bat", batLabel(language), (root) => batView(root, new BatApi(session.credentials, language))]);
  if (me.kind === "coordinator") views.push(["privacy", privacyStrings(language).nav, (root, roster) => privacyView(root, roster)]);

  const nav = byId("nav");
  const buttons = views.map(([id, label, view]) => {
    const button = h("button", { type: "button", id: `nav-${id}` }, label);
    button.addEventListener("click", () => show(id, view, true));
    return button;
  });
  nav.replaceChildren(...buttons);
  nav.hidden = false;

  function show(id: string, view: View, focus: boolean): void {
    for (const b of buttons) b.toggleAttribute("aria-current", false);
    byId(`nav-${id}`).setAttribute("aria-current", "page");
    main.replaceChildren();
    const heading = view(main, api, t);
    if (focus) focusOn(heading);
  }
  const first = views[0]!;
  show(first[0], first[2], false);
  announce(t.signedInAs(me.name || me.login, t.roles[me.kind] ?? me.kind));
}

function showWho(me: Me | null, session: Session): void {
  const who = byId("who");
  const out = h("button", { type: "button", id: "signout" }, t.signOut);
  out.addEventListener("click", async () => {
    await session.signOut();
    location.reload();
  });
  who.replaceChildren(...(me ? [h("span", {}, t.signedInAs(me.name || me.login, t.roles[me.kind] ?? me.kind))] : []), out);
}

boot().catch(() => announce(t.failed, "error"));
