// A few DOM helpers: build elements without innerHTML (no markup injection from names in the roster), and one
// polite live region that tells screen-reader users what happened (progress, results, errors).

type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
}

/** Says a short sentence in the page's live region (role=status) and shows it. */
export function announce(text: string, tone: "info" | "error" = "info"): void {
  const status = byId("status");
  status.dataset.tone = tone;
  // Clearing first makes screen readers repeat a message identical to the last one.
  status.textContent = "";
  requestAnimationFrame(() => (status.textContent = text));
}

/** Moves focus to a heading or region that is not focusable by itself (results after an action). */
export function focusOn(el: HTMLElement): void {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}

/** A label and its control, tied by id; an optional hint read with the control (aria-describedby). */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), control);
  if (hint) {
    control.setAttribute("aria-describedby", `${id}-hint`);
    wrap.append(h("p", { class: "hint", id: `${id}-hint` }, hint));
  }
  return wrap;
}
