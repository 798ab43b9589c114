// The preview of a wave's card as a recipient will see it, drawn as accessible HTML from the card's JSON (text
// blocks, rich text, facts, containers, columns, buttons), never as markup: every text goes in as text. Beside it,
// the card's size against Teams' limit.
import { h } from "./dom";
import type { CardAction, CardElement, Preview } from "./waves-api";
import type { WavesStrings } from "./waves-strings";

export function previewCard(p: Preview, t: WavesStrings): HTMLElement {
  const id = `wave-preview-${p.locale}`;
  const body = h("div", { class: "ac-body" }, ...(p.card.body ?? []).map((e) => element(e, t)));
  const actions = p.card.actions?.length ? buttons(p.card.actions, t) : null;
  const meter = h("meter", { min: 0, max: p.limitBytes, value: p.bytes, high: Math.round(p.limitBytes * 0.9), "aria-labelledby": `${id}-size` });
  return h("section", { class: "ac-preview", id, lang: p.locale, "aria-labelledby": `${id}-h` },
    h("h3", { id: `${id}-h` }, t.previewIn(p.locale)),
    h("div", { class: "ac-card" }, body, actions),
    h("p", { class: "ac-size", id: `${id}-size` }, t.size(p.bytes, p.limitBytes)),
    meter,
    p.withinLimit ? null : h("p", { class: "error" }, t.tooLarge));
}

function element(e: CardElement, t: WavesStrings): HTMLElement | null {
  switch (e.type) {
    case "TextBlock": {
      const classes = ["ac-text", e.isSubtle ? "ac-subtle" : "", e.weight === "Bolder" ? "ac-bold" : "", e.size ? `ac-${e.size.toLowerCase()}` : "", e.color ? `ac-${e.color.toLowerCase()}` : ""];
      return h("p", { class: classes.filter(Boolean).join(" ") }, e.text ?? "");
    }
    case "RichTextBlock":
      return h("p", { class: "ac-text" }, (e.inlines ?? []).map((i) => i.text ?? "").join(""));
    case "FactSet":
      return h("dl", { class: "ac-facts" }, ...(e.facts ?? []).flatMap((f) => [h("dt", {}, f.title), h("dd", {}, f.value)]));
    case "Container":
      return h("div", {}, ...(e.items ?? []).map((i) => element(i, t)));
    case "ColumnSet":
      return h("div", { class: "ac-columns" }, ...(e.columns ?? []).map((c) => h("div", {}, ...(c.items ?? []).map((i) => element(i, t)))));
    case "ActionSet":
      return e.actions?.length ? buttons(e.actions, t) : null;
    default:
      return null;
  }
}

/** The card's buttons: focusable and named, marked unavailable (a preview answers nothing). */
function buttons(actions: CardAction[], t: WavesStrings): HTMLElement {
  return h("div", { class: "ac-actions", role: "group", "aria-label": t.cardButtons },
    ...actions.map((a) => {
      const b = h("button", { type: "button", class: "secondary", "aria-disabled": "true" }, a.title);
      b.addEventListener("click", (e) => e.preventDefault());
      return b;
    }));
}
