// The Vagues view (issue 15): the caller's waves (a coordinator sees all, a referent their own), composing a new one,
// its preview as recipients will see it in French and in English with its size against Teams' limit, sending now
// or at a Paris time, then its progress (waves-progress.ts). Calls /api/waves (waves-api.ts).
import type { RosterApi } from "./api";
import { announce, focusOn, h } from "./dom";
import { parisFormat, parisToInstant } from "./paris";
import { FieldProblem } from "./problem";
import type { WavesApi, WaveSummary } from "./waves-api";
import { composeForm, type Composed } from "./waves-compose";
import { previewCard } from "./waves-preview";
import { progressPanel } from "./waves-progress";
import { wavesStrings } from "./waves-strings";

export function wavesLabel(language: string): string {
  return wavesStrings(language).nav;
}

export function wavesView(root: HTMLElement, roster: RosterApi, api: WavesApi, coordinator: boolean): HTMLElement {
  const language = document.documentElement.lang === "en" ? "en" : "fr";
  const t = wavesStrings(language);
  const heading = h("h2", { id: "waves-h" }, t.heading);
  const newWave = h("button", { type: "button", id: "wave-new", "aria-expanded": "false", "aria-controls": "wave-compose" }, t.newWave);
  const list = h("div", { id: "waves-list" });
  const composeHeading = h("h2", { id: "wave-compose-h" }, t.composeHeading);
  const compose = h("section", { class: "card", id: "wave-compose", "aria-labelledby": "wave-compose-h", hidden: true }, composeHeading);
  const preview = h("section", { class: "card", id: "wave-preview", "aria-labelledby": "wave-preview-h", hidden: true });
  const progress = h("div", {});
  root.append(h("section", { class: "card", "aria-labelledby": "waves-h" }, heading, h("p", {}, t.intro), h("p", {}, newWave), list), compose, preview, progress);
  const fail = (e: unknown) => announce(e instanceof FieldProblem && e.message ? e.message : t.failed, "error");
  let waves: WaveSummary[] = [];

  const showList = async () => {
    waves = await api.list();
    const created = parisFormat(language, { dateStyle: "medium", timeStyle: "short" });
    list.replaceChildren(h("table", {}, h("caption", {}, t.listCaption(waves.length)),
      h("thead", {}, h("tr", {}, ...[t.colTitle, t.colState, t.colCreated, t.colRecipients, t.colActions].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...waves.map((w) => {
        const open = h("button", { type: "button", class: "secondary", "aria-label": t.openLabel(w.title) }, t.open);
        open.addEventListener("click", () => follow(w.id));
        return h("tr", { "data-wave": w.id }, h("th", { scope: "row" }, w.title), h("td", {}, t.states[w.state] ?? w.state),
          h("td", {}, created.format(new Date(w.createdUtc))), h("td", {}, String(w.recipients)), h("td", { class: "actions" }, open));
      }))));
  };

  const follow = (id: string) => {
    const panel = progressPanel(id, api, t, language, () => void showList().catch(fail));
    progress.replaceChildren(panel);
    focusOn(panel.querySelector<HTMLElement>("h2")!);
  };

  let form: HTMLFormElement | null = null;
  const openCompose = async () => {
    if (!form) {
      const [schools, workshops] = await Promise.all([roster.schools(), coordinator ? api.workshops() : Promise.resolve([])]);
      const earlier = waves.filter((w) => w.state !== "draft" && w.state !== "cancelled");
      form = composeForm({ coordinator, schools, workshops, earlier }, api, t, language, (c) => void showPreview(c).catch(fail));
      compose.append(form);
    }
    compose.hidden = false;
    newWave.setAttribute("aria-expanded", "true");
    focusOn(composeHeading);
  };
  newWave.addEventListener("click", () => void openCompose().catch(fail));

  const showPreview = async (c: Composed) => {
    const [fr, en] = await Promise.all([api.preview(c.id, "fr"), api.preview(c.id, "en")]);
    const when = c.at ? parisFormat(language, { dateStyle: "long", timeStyle: "short" }).format(parisToInstant(c.at)!) : null;
    const send = h("button", { type: "button", id: "wave-send", disabled: !(fr.withinLimit && en.withinLimit) }, when ? t.sendAt(when) : t.sendNow);
    const edit = h("button", { type: "button", class: "secondary", id: "wave-edit" }, t.edit);
    const title = h("h2", { id: "wave-preview-h" }, t.previewHeading(c.recipients));
    preview.replaceChildren(title, h("div", { class: "ac-previews" }, previewCard(fr, t), previewCard(en, t)), h("div", { class: "buttons" }, edit, send));
    preview.hidden = false;
    compose.hidden = true;
    announce(t.created(c.recipients));
    focusOn(title);
    edit.addEventListener("click", () => {
      // The draft shown is set aside (cancelled); a new one is made from the form as edited.
      void api.control(c.id, "cancel").catch(() => undefined).then(() => showList()).catch(fail);
      preview.hidden = true;
      compose.hidden = false;
      focusOn(composeHeading);
    });
    send.addEventListener("click", () => void (async () => {
      send.disabled = true;
      try {
        await api.send(c.id, c.at);
        announce(when ? t.scheduled(when) : t.sent);
        preview.hidden = true;
        // A new wave starts from an empty form, whose earlier waves include this one.
        form?.remove();
        form = null;
        newWave.setAttribute("aria-expanded", "false");
        await showList();
        follow(c.id);
      } catch (e) {
        send.disabled = false;
        fail(e);
      }
    })());
    await showList();
  };

  void showList().then(() => announce(t.loaded(waves.length))).catch(fail);
  return heading;
}
