// The pairing view: a school's students with the referent's priority marks (ordered by the association's criteria)
// and the girls-in-STEM shares; for coordinators, ranked tutor suggestions with their reasons, pairing, the
// whole-school proposal to review and confirm, the school's priority students without a tutor, the programme-wide
// overview (pairing-programme.ts), each student's path (pairing-followup.ts) and the alumni (pairing-alumni.ts).
import { ApiError, type RosterApi } from "./api";
import { announce, field, focusOn, h } from "./dom";
import type { GirlsShare, PairingApi, PriorityStudent, Proposal, Suggestion } from "./pairing-api";
import type { PairingStrings } from "./pairing-strings";
import type { FollowUpStrings } from "./followup-strings";
import { alumniSection } from "./pairing-alumni";
import { showFollowUp } from "./pairing-followup";
import { programmeOverview } from "./pairing-programme";

export function pairingView(root: HTMLElement, roster: RosterApi, api: PairingApi, t: PairingStrings, coordinator: boolean, f: FollowUpStrings, language: string): HTMLElement {
  const heading = h("h2", { id: "pairing-h" }, t.heading);
  const controls = h("div", { class: "row" });
  const list = h("div", { id: "pairing-list" });
  const girls = h("div", { id: "pairing-girls" });
  const suggestions = h("section", { class: "card", id: "pairing-suggestions", "aria-labelledby": "suggest-h", hidden: true });
  const proposal = h("section", { class: "card", id: "pairing-proposal", "aria-labelledby": "proposal-h" });
  const overview = h("section", { class: "card", id: "pairing-overview", "aria-labelledby": "overview-h" });
  root.append(h("section", { class: "card", "aria-labelledby": "pairing-h" }, heading, controls, list, girls), suggestions);
  if (coordinator) root.append(proposal);
  const followUp = h("section", { class: "card", id: "pairing-followup", "aria-labelledby": "followup-h", hidden: true });
  const programme = h("section", { class: "card", id: "pairing-programme", "aria-labelledby": "programme-h" });
  const alumni = h("section", { class: "card", id: "pairing-alumni", "aria-labelledby": "alumni-h" });
  root.append(overview, followUp, programme);
  if (coordinator) root.append(alumni);
  const loadProgramme = programmeOverview(programme, api, f, language, coordinator);
  const loadAlumni = alumniSection(alumni, api, f, language);

  void (async () => {
    const schools = await roster.schools();
    const school = h("select", {}, ...schools.map((s) => h("option", { value: s.uai }, `${s.name} — ${s.city}`)));
    controls.append(field("pairing-school", t.school, school));
    if (coordinator) {
      const refresh = h("button", { type: "button", class: "secondary", id: "pairing-refresh" }, t.refreshTutors);
      refresh.addEventListener("click", () => void run(async () => announce(t.refreshed(await api.refreshTutors()))));
      controls.append(h("div", { class: "field" }, refresh));
      const propose = h("button", { type: "button", id: "pairing-propose" }, t.propose);
      propose.addEventListener("click", () => void run(() => showProposal(school.value)));
      proposal.replaceChildren(h("h2", { id: "proposal-h" }, t.proposalHeading), propose, h("div", { id: "proposal-result" }));
    }
    const schoolName = () => school.selectedOptions[0]?.textContent ?? "";
    const load = async () => {
      const uai = school.value;
      const data = await api.priority(uai);
      list.replaceChildren(priorityTable(data.students, uai));
      girls.replaceChildren(h("h3", {}, t.girlsHeading), girlsList(t.girlsPaired, data.girlsInStemPaired), girlsList(t.girlsMarked, data.girlsInStemMarked));
      await showOverview(uai);
    };

    const priorityTable = (students: PriorityStudent[], uai: string) => {
      const rows = students.map((s) => {
        const name = `${s.firstName} ${s.lastName}`;
        const box = h("input", { type: "checkbox", "aria-label": t.markLabel(name), checked: s.marked });
        box.addEventListener("change", () => void run(async () => {
          await api.mark(uai, s.id, box.checked);
          announce(t.marked(name, box.checked));
          await load();
        }));
        const actions = h("td", { class: "actions" });
        if (coordinator && !s.tutorId) {
          const suggest = h("button", { type: "button", class: "secondary", "aria-label": t.suggestFor(name) }, t.suggest);
          suggest.addEventListener("click", () => void run(() => showSuggestions(uai, s, name)));
          actions.append(suggest);
        }
        if (coordinator) {
          const path = h("button", { type: "button", class: "secondary", "aria-label": f.followUpFor(name) }, f.followUp);
          path.addEventListener("click", () => void run(() => showFollowUp(followUp, api, f, uai, s.id, name)));
          actions.append(path);
        }
        return h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, s.className ?? t.none), h("td", {}, s.stream ?? t.none),
          h("td", {}, s.criteria.map((c) => t.criteria[c] ?? c).join(", ") || t.none), h("td", {}, s.tutorName ?? t.none), h("td", {}, box), actions);
      });
      return h("table", {}, h("caption", {}, t.listCaption(schoolName())),
        h("thead", {}, h("tr", {}, ...[t.colName, t.colClass, t.colStream, t.colCriteria, t.colTutor, t.colPriority, t.colActions].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...rows));
    };

    const girlsList = (label: string, shares: GirlsShare[]) =>
      h("ul", {}, ...shares.map((g) => h("li", {}, t.girlsLine(`${label} — ${g.className ?? t.wholeSchool}`, g.girls, g.total))));

    const showSuggestions = async (uai: string, student: PriorityStudent, name: string) => {
      const ranked = await api.suggestions(uai, student.id);
      const title = h("h2", { id: "suggest-h" }, t.suggestFor(name));
      suggestions.replaceChildren(title, h("table", {},
        h("caption", {}, t.suggestFor(name)),
        h("thead", {}, h("tr", {}, ...[t.colTutorName, t.colCompany, t.colScore, t.colReasons, t.colActions].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...ranked.map((r) => suggestionRow(uai, student, r)))));
      suggestions.hidden = false;
      focusOn(title);
    };

    const suggestionRow = (uai: string, student: PriorityStudent, r: Suggestion) => {
      const cell = h("td", { class: "actions" });
      if (r.pairable) {
        const pair = h("button", { type: "button" }, t.pairButton(r.name));
        pair.addEventListener("click", () => void run(async () => {
          await api.pair(uai, student.id, r.tutorId);
          announce(t.paired);
          suggestions.hidden = true;
          await load();
        }));
        cell.append(pair);
      } else {
        cell.append(h("span", { class: "no" }, t.notPairable));
      }
      return h("tr", {}, h("th", { scope: "row" }, r.name), h("td", {}, r.company ?? t.none), h("td", {}, String(r.score)), h("td", {}, r.reasons.map(reason).join(", ")), cell);
    };

    const showProposal = async (uai: string) => {
      const result = proposal.querySelector<HTMLElement>("#proposal-result")!;
      const data: Proposal = await api.proposal(uai);
      if (data.pairs.length === 0) {
        result.replaceChildren(h("p", {}, t.proposalEmpty));
        announce(t.proposalEmpty);
        return;
      }
      const confirm = h("button", { type: "button", id: "proposal-confirm" }, t.confirm);
      confirm.addEventListener("click", () => void run(async () => {
        const outcomes = await api.confirm(uai, data.pairs.map((p) => ({ studentId: p.studentId, tutorId: p.tutorId })));
        const made = outcomes.filter((o) => o.outcome === "paired").length;
        result.replaceChildren(h("p", {}, t.confirmed(made, outcomes.length - made)));
        announce(t.confirmed(made, outcomes.length - made));
        await load();
      }));
      result.replaceChildren(h("table", {},
        h("caption", {}, t.proposalCaption(data.pairs.length, data.total)),
        h("thead", {}, h("tr", {}, ...[t.colName, t.colTutorName, t.colScore].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...data.pairs.map((p) => h("tr", {}, h("th", { scope: "row" }, p.studentName), h("td", {}, p.tutorName), h("td", {}, String(p.score)))))), confirm);
      announce(t.proposalCaption(data.pairs.length, data.total));
    };

    const showOverview = async (uai: string) => {
      const data = await api.overview(uai);
      const names = (items: string[]) => (items.length === 0 ? h("p", {}, t.nobody) : h("ul", {}, ...items.map((n) => h("li", {}, n))));
      overview.replaceChildren(h("h2", { id: "overview-h" }, t.overviewHeading),
        h("h3", {}, t.withoutTutor), names(data.withoutTutor.map((s) => `${s.firstName} ${s.lastName}`)));
    };

    school.addEventListener("change", () => void run(load));
    await load();
    await loadProgramme();
    if (coordinator) await loadAlumni();
  })().catch((e: unknown) => failed(e));

  function reason(code: string): string {
    const [key, value] = code.split(":");
    if (key === "students") return t.reasonStudents(value ?? "0");
    if (key === "placesLeft") return t.reasonPlaces(value ?? "0");
    return t.reasons[code] ?? code;
  }

  async function run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (e) {
      failed(e);
    }
  }

  function failed(e: unknown): void {
    announce(e instanceof ApiError && e.message ? e.message : t.failed, "error");
  }

  return heading;
}
