// Composing a wave: title, message in French (and English), up to three answers, the audience (everyone, a role, a
// school, a class, a workshop's registrants, the non-responders of an earlier wave: a referent is offered their own
// school's classes only), the reminder delay, and now or a Paris date and time. The form checks what it can, the
// server the rest (its 400s land beside their fields); a valid form becomes a draft (POST /api/waves).
import type { School } from "./api";
import { announce, field, h } from "./dom";
import { clearErrors, showErrors } from "./form-errors";
import { parisFormat, parisToInstant } from "./paris";
import { FieldProblem } from "./problem";
import { classId, type Audience, type AudienceKind, type WaveDraft, type WaveSummary, type WavesApi, type WorkshopSummary } from "./waves-api";
import type { WavesStrings } from "./waves-strings";

export interface Composed { id: string; recipients: number; title: string; at: string | null }

export interface ComposeContext { coordinator: boolean; schools: School[]; workshops: WorkshopSummary[]; earlier: WaveSummary[] }

export function composeForm(ctx: ComposeContext, api: WavesApi, t: WavesStrings, language: string, created: (c: Composed) => void): HTMLFormElement {
  const title = h("input", { type: "text", maxlength: 200, autocomplete: "off" });
  const messageFr = h("textarea", { rows: 4 });
  const messageEn = h("textarea", { rows: 4 });
  const answers = [1, 2, 3].map((i) => ({ fr: h("input", { type: "text", maxlength: 60, id: `wave-answer-${i}-fr` }), en: h("input", { type: "text", maxlength: 60, id: `wave-answer-${i}-en` }) }));
  const answerRows = answers.map((a, i) => h("div", { class: "row" }, field(`wave-answer-${i + 1}-fr`, t.answerFr(i + 1), a.fr), field(`wave-answer-${i + 1}-en`, t.answerEn(i + 1), a.en)));

  const kinds: AudienceKind[] = ctx.coordinator ? ["everyone", "role", "school", "class", "workshop", "nonResponders"] : ["school", "class", "nonResponders"];
  const kind = h("select", {}, ...kinds.map((k) => h("option", { value: k }, t.kinds[k] ?? k)));
  const role = h("select", {}, h("option", { value: "student" }, t.roles.student ?? "student"), h("option", { value: "tutor" }, t.roles.tutor ?? "tutor"));
  const school = h("select", {}, ...ctx.schools.map((s) => h("option", { value: s.uai }, `${s.name} — ${s.city}`)));
  const klass = h("select", {}, ...ctx.schools.map((s) => h("optgroup", { label: s.name }, ...s.classes.map((c) => h("option", { value: classId(s.uai, c.name) }, c.name)))));
  const day = parisFormat(language, { dateStyle: "medium", timeStyle: "short" });
  const workshop = h("select", {}, ...ctx.workshops.map((w) => h("option", { value: w.id }, `${w.title} — ${day.format(new Date(w.startUtc))}`)));
  const earlier = h("select", {}, ...ctx.earlier.map((w) => h("option", { value: w.id }, `${w.title} (${t.states[w.state] ?? w.state})`)));
  const pickers: Record<string, HTMLElement> = {
    role: field("wave-role", t.role, role),
    school: field("wave-school", t.school, school),
    class: field("wave-class", t.klass, klass),
    workshop: ctx.workshops.length ? field("wave-workshop", t.workshop, workshop) : h("p", { id: "wave-workshop" }, t.noWorkshop),
    nonResponders: ctx.earlier.length ? field("wave-earlier", t.earlier, earlier) : h("p", { id: "wave-earlier" }, t.noEarlier),
  };
  const showPicker = () => Object.entries(pickers).forEach(([k, el]) => (el.hidden = k !== kind.value));
  kind.addEventListener("change", showPicker);
  showPicker();

  const nudge = h("input", { type: "checkbox", id: "wave-nudge", checked: true });
  const hours = h("input", { type: "number", min: 1, max: 336, value: 24, inputmode: "numeric" });
  nudge.addEventListener("change", () => (hours.disabled = !nudge.checked));
  const radio = (value: string, label: string, checked: boolean) =>
    h("label", { class: "choice" }, h("input", { type: "radio", name: "wave-when", value, checked, id: `wave-when-${value}` }), ` ${label}`);
  const when = h("fieldset", {}, h("legend", {}, t.when), radio("now", t.now, true), radio("later", t.later, false));
  const at = h("input", { type: "datetime-local", step: 60 });
  const atField = field("wave-at", t.at, at);
  const later = () => when.querySelector<HTMLInputElement>("input:checked")?.value === "later";
  when.addEventListener("change", () => (atField.hidden = !later()));
  atField.hidden = true;

  const submit = h("button", { type: "submit", id: "wave-preview-button" }, t.previewButton);
  const form = h("form", { id: "wave-form", novalidate: true },
    field("wave-title", t.title, title),
    field("wave-message-fr", t.messageFr, messageFr),
    field("wave-message-en", t.messageEn, messageEn, t.messageEnHint),
    h("fieldset", {}, h("legend", {}, t.answers), ...answerRows),
    h("fieldset", {}, h("legend", {}, t.audience), field("wave-kind", t.audience, kind), ...Object.values(pickers)),
    h("div", { class: "field inline" }, nudge, h("label", { for: "wave-nudge" }, t.nudge)),
    field("wave-nudge-hours", t.nudgeHours, hours, t.nudgeHint),
    when, atField, h("p", {}, submit));

  const controls: Record<string, HTMLElement> = {
    title, "message.fr": messageFr, answers: answers[0]!.fr, nudgeAfterHours: hours, at, audience: kind,
    "audience.role": role, "audience.schoolId": school, "audience.classId": klass, "audience.workshopId": workshop, "audience.waveId": earlier,
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearErrors(form);
    const errors: Record<string, string> = {};
    const text = (el: HTMLInputElement | HTMLTextAreaElement) => el.value.trim();
    if (!text(title)) errors.title = t.errors.title ?? "";
    if (!text(messageFr)) errors["message.fr"] = t.errors["message.fr"] ?? "";
    const chosen = answers.filter((a) => text(a.fr) || text(a.en));
    const badAnswer = chosen.find((a) => !text(a.fr));
    if (badAnswer) controls.answers = badAnswer.fr;
    if (badAnswer) errors.answers = t.errors.answers ?? "";
    const nudgeHours = nudge.checked ? Number(hours.value) : null;
    if (nudgeHours !== null && (!Number.isInteger(nudgeHours) || nudgeHours < 1 || nudgeHours > 336)) errors.nudgeAfterHours = t.errors.nudgeAfterHours ?? "";
    const audience: Audience = { kind: kind.value as AudienceKind, role: null, schoolId: null, classId: null, workshopId: null, waveId: null };
    if (audience.kind === "role") audience.role = role.value as "student" | "tutor";
    if (audience.kind === "school") audience.schoolId = school.value || null;
    if (audience.kind === "class") audience.classId = klass.value || null;
    if (audience.kind === "workshop") audience.workshopId = workshop.value || null;
    if (audience.kind === "nonResponders") audience.waveId = earlier.value || null;
    const needed = { everyone: "kind", role: "role", school: "schoolId", class: "classId", workshop: "workshopId", nonResponders: "waveId" } as const;
    if (audience[needed[audience.kind]] === null) errors.audience = t.errors.required ?? "";
    const sendAt = later() ? at.value : null;
    if (sendAt !== null && !((parisToInstant(sendAt)?.getTime() ?? 0) > Date.now())) errors.at = t.errors.at ?? "";
    if (Object.keys(errors).length > 0) return showErrors(errors, controls, t);

    const draft: WaveDraft = {
      title: text(title),
      message: { fr: text(messageFr), en: text(messageEn) || null },
      answers: chosen.map((a) => ({ fr: text(a.fr), en: text(a.en) || null })),
      audience,
      nudgeAfterHours: nudgeHours,
    };
    submit.disabled = true;
    void api.create(draft)
      .then((c) => created({ id: c.id, recipients: c.recipients, title: draft.title, at: sendAt }))
      .catch((error: unknown) => {
        if (error instanceof FieldProblem && Object.keys(error.fields).length > 0) {
          showErrors(Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k in controls ? k : "audience", t.errors[k] ?? t.errors[v[0] ?? ""] ?? v.join(" ")])), controls, t);
        } else if (error instanceof FieldProblem && error.status === 400) {
          showErrors({ "message.fr": error.message }, controls, t);
        } else announce(error instanceof FieldProblem && error.message ? error.message : t.failed, "error");
      })
      .finally(() => (submit.disabled = false));
  });
  return form;
}
