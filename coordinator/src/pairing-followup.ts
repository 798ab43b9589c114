// A student's path year by year (class, school, degree aimed at Bac+3..Bac+5, graduation, first job), read and
// recorded by a coordinator in the pairing view.
import { ApiError } from "./api";
import { announce, field, focusOn, h } from "./dom";
import type { FollowUpStrings } from "./followup-strings";
import { ValidationError, type FollowUp, type PairingApi } from "./pairing-api";

const degrees = ["Bac+3", "Bac+4", "Bac+5"];

export async function showFollowUp(section: HTMLElement, api: PairingApi, t: FollowUpStrings, uai: string, studentId: string, name: string): Promise<void> {
  const years = await api.followUps(uai, studentId);
  const title = h("h2", { id: "followup-h" }, t.followUpFor(name));
  const close = h("button", { type: "button", class: "secondary", id: "followup-close" }, t.close);
  close.addEventListener("click", () => {
    section.hidden = true;
    section.replaceChildren();
  });
  section.replaceChildren(title, table(years, t, name), form(section, api, t, uai, studentId, name, years), close);
  section.hidden = false;
  focusOn(title);
}

function table(years: FollowUp[], t: FollowUpStrings, name: string): HTMLElement {
  if (years.length === 0) return h("p", { id: "followup-empty" }, t.noFollowUp);
  return h("table", { id: "followup-years" }, h("caption", {}, t.followUpCaption(name)),
    h("thead", {}, h("tr", {}, ...[t.colYear, t.colClass, t.colStudySchool, t.colDegree, t.colGraduated, t.colFirstJob].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...years.map((y) => h("tr", {}, h("th", { scope: "row" }, `${y.year}–${y.year + 1}`), h("td", {}, y.className ?? "—"), h("td", {}, y.school ?? "—"),
      h("td", {}, y.degreeTarget ?? "—"), h("td", {}, y.graduated ? t.yes : t.no), h("td", {}, y.firstJob ?? "—")))));
}

function form(section: HTMLElement, api: PairingApi, t: FollowUpStrings, uai: string, studentId: string, name: string, years: FollowUp[]): HTMLElement {
  const now = new Date();
  const schoolYear = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  const last = years[years.length - 1];
  const year = h("input", { type: "number", min: 2000, max: now.getFullYear(), value: String(schoolYear), required: true });
  const className = h("input", { type: "text", maxlength: 120, value: last?.className ?? "" });
  const school = h("input", { type: "text", maxlength: 120, value: last?.school ?? "" });
  const degree = h("select", {}, h("option", { value: "" }, t.degreeNone), ...degrees.map((d) => h("option", { value: d, selected: last?.degreeTarget === d }, d)));
  const graduated = h("input", { type: "checkbox" });
  const firstJob = h("input", { type: "text", maxlength: 120 });
  const save = h("button", { type: "submit", id: "followup-save" }, t.save);
  const el = h("form", { class: "card", "aria-labelledby": "followup-record-h" }, h("h3", { id: "followup-record-h" }, t.recordHeading),
    field("followup-year", t.year, year), field("followup-class", t.className, className), field("followup-school", t.school, school),
    field("followup-degree", t.degree, degree), h("div", { class: "field" }, h("label", {}, graduated, " ", t.graduated)), field("followup-job", t.firstJob, firstJob), save);
  const text = (input: HTMLInputElement) => (input.value.trim() === "" ? null : input.value.trim());
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      const y = Number(year.value);
      try {
        await api.saveFollowUp(uai, studentId, { year: y, className: text(className), school: text(school), degreeTarget: degree.value || null, graduated: graduated.checked, firstJob: text(firstJob) });
        await showFollowUp(section, api, t, uai, studentId, name);
        announce(t.saved(y));
      } catch (err) {
        const fields = err instanceof ValidationError ? err.fields.map((f) => t.fieldNames[f] ?? f).join(", ") : "";
        announce(fields ? t.invalid(fields) : err instanceof ApiError && err.message ? err.message : t.failed, "error");
      }
    })();
  });
  return el;
}
