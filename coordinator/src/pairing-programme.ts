// The programme-wide overview of the pairing view: tutors without a session for six weeks and pairs whose student
// answered neither of the last two reminders, across every school (a referent's narrowed to their school by the API).
import { h } from "./dom";
import { parisDate, type FollowUpStrings } from "./followup-strings";
import type { PairingApi, ProgrammePair } from "./pairing-api";

export function programmeOverview(section: HTMLElement, api: PairingApi, t: FollowUpStrings, language: string, coordinator: boolean): () => Promise<void> {
  return async () => {
    const data = await api.programmeOverview();
    const head = (...cols: string[]) => h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c))));
    const pairsText = (pairs: ProgrammePair[]) => pairs.map((p) => `${p.studentName} (${p.schoolName})`).join(", ");
    const quiet = data.quietTutors.length === 0
      ? h("p", {}, t.nobody)
      : h("table", { id: "programme-quiet" }, h("caption", {}, t.quietCaption), head(t.colTutor, t.colCompany, t.colLastSession, t.colStudents),
        h("tbody", {}, ...data.quietTutors.map((q) => h("tr", {}, h("th", { scope: "row" }, q.tutorName), h("td", {}, q.company ?? "—"),
          h("td", {}, q.lastSessionUtc ? parisDate(q.lastSessionUtc, language) : t.never), h("td", {}, pairsText(q.pairs))))));
    const unanswered = data.unansweredReminders.length === 0
      ? h("p", {}, t.nobody)
      : h("table", { id: "programme-unanswered" }, h("caption", {}, t.unansweredCaption), head(t.colStudent, t.colSchool, t.colTutor, t.colSince),
        h("tbody", {}, ...data.unansweredReminders.map((p) => h("tr", {}, h("th", { scope: "row" }, p.studentName), h("td", {}, p.schoolName),
          h("td", {}, p.tutorName), h("td", {}, parisDate(p.startedUtc, language))))));
    section.replaceChildren(h("h2", { id: "programme-h" }, coordinator ? t.programmeHeading : t.programmeHeadingReferent),
      h("h3", {}, t.quietTutors), quiet, h("h3", {}, t.unanswered), unanswered);
  };
}
