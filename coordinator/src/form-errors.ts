// Messages of a form beside their fields: each in a paragraph read with its control (aria-describedby), the
// control marked aria-invalid, focus on the first in the page's order, and how many to correct said aloud.
import { announce, focusOn, h } from "./dom";

export interface FormWords { fieldError(label: string, message: string): string; invalid(n: number): string }

/** Each message beside its control (aria-invalid, read with it), focus on the first, and a count said aloud. */
export function showErrors(errors: Record<string, string>, controls: Record<string, HTMLElement>, t: FormWords): void {
  const order = (a: HTMLElement, b: HTMLElement) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  let first: HTMLElement | null = null;
  for (const [key, message] of Object.entries(errors)) {
    const control = controls[key];
    if (!control) continue;
    const id = `${control.id}-error`;
    const label = control.closest(".field")?.querySelector("label")?.textContent ?? "";
    control.closest(".field")?.append(h("p", { class: "error", id }, t.fieldError(label, message)));
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    if (!first || order(control, first) < 0) first = control;
  }
  const n = Object.keys(errors).length;
  announce(t.invalid(n), "error");
  if (first) focusOn(first);
}

export function clearErrors(form: HTMLElement): void {
  for (const p of form.querySelectorAll(".error")) p.remove();
  for (const c of form.querySelectorAll("[aria-invalid]")) {
    c.removeAttribute("aria-invalid");
    const rest = (c.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (rest.length > 0) c.setAttribute("aria-describedby", rest.join(" "));
    else c.removeAttribute("aria-describedby");
  }
}
