// The people views: students per school and class (with tutor and whether they reach the bot), tutors per company,
// search by name; each row can be edited (a dialog) or deactivated.
import { ApiError, type PersonPatch, type PersonView, type RosterApi } from "./api";
import { announce, field, focusOn, h } from "./dom";
import { LEVELS, STREAMS, type Strings } from "./strings";

interface Column {
  head: string;
  cell: (v: PersonView) => Node | string;
}

type Reload = () => Promise<void>;

export function schoolsView(root: HTMLElement, api: RosterApi, t: Strings): HTMLElement {
  const heading = h("h2", { id: "schools-h" }, t.schoolsHeading);
  const body = h("div", {});
  root.append(h("section", { class: "card", "aria-labelledby": "schools-h" }, heading, body));
  void (async () => {
    const schools = await api.schools();
    if (schools.length === 0) {
      body.append(h("p", {}, t.noSchool));
      return;
    }
    const school = h("select", {}, ...schools.map((s) => h("option", { value: s.uai }, `${s.name} — ${s.city}`)));
    const klass = h("select", {});
    const list = h("div", { id: "school-people" });
    const fillClasses = () => {
      const chosen = schools.find((s) => s.uai === school.value);
      klass.replaceChildren(h("option", { value: "" }, t.allClasses), ...(chosen?.classes ?? []).map((c) => h("option", { value: c.name }, c.name)));
    };
    let latest = 0;
    const load: Reload = async () => {
      // A quicker answer to an earlier choice must not overwrite the list of the current one.
      const mine = ++latest;
      const people = await api.schoolPeople(school.value, klass.value || undefined);
      if (mine !== latest) return;
      const students = people.filter((p) => p.person.kind === "student");
      const referents = people.filter((p) => p.person.kind === "referent");
      const caption = `${school.selectedOptions[0]?.textContent ?? ""}${klass.value ? ` — ${klass.value}` : ""}`;
      list.replaceChildren(
        ...(referents.length > 0 ? [h("p", {}, `${t.referents} : ${referents.map((r) => name(r)).join(", ")}`)] : []),
        table(caption, students, [
          { head: t.colClass, cell: (v) => v.person.className ?? t.none },
          { head: t.colStream, cell: (v) => v.person.stream ?? t.none },
          { head: t.colTutor, cell: (v) => v.tutorName ?? t.none },
          reachColumn(t),
        ], api, t, load),
      );
      announce(`${caption} : ${t.listCount(students.length)}`);
    };
    fillClasses();
    school.addEventListener("change", () => { fillClasses(); void load(); });
    klass.addEventListener("change", () => void load());
    body.append(h("div", { class: "row" }, field("school", t.school, school), field("class", t.klass, klass)), list);
    await load();
  })().catch((e: unknown) => failed(e, t));
  return heading;
}

export function companiesView(root: HTMLElement, api: RosterApi, t: Strings): HTMLElement {
  const heading = h("h2", { id: "companies-h" }, t.companiesHeading);
  const body = h("div", {});
  root.append(h("section", { class: "card", "aria-labelledby": "companies-h" }, heading, body));
  void (async () => {
    const companies = await api.organisations();
    if (companies.length === 0) {
      body.append(h("p", {}, t.noCompany));
      return;
    }
    const company = h("select", {}, ...companies.map((o) => h("option", { value: o.id }, o.name)));
    const list = h("div", { id: "company-people" });
    let latest = 0;
    const load: Reload = async () => {
      // As for schools: the first company's answer, arriving late, must not overwrite the chosen one's.
      const mine = ++latest;
      const tutors = await api.tutors(company.value);
      if (mine !== latest) return;
      const caption = company.selectedOptions[0]?.textContent ?? "";
      list.replaceChildren(table(caption, tutors, [
        { head: t.colTrained, cell: (v) => yesNo(v.person.trained, t) },
        { head: t.colCapacity, cell: (v) => (v.person.capacity ?? t.none).toString() },
        reachColumn(t),
      ], api, t, load));
      announce(`${caption} : ${t.listCount(tutors.length)}`);
    };
    company.addEventListener("change", () => void load());
    body.append(field("company", t.company, company), list);
    await load();
  })().catch((e: unknown) => failed(e, t));
  return heading;
}

export function searchView(root: HTMLElement, api: RosterApi, t: Strings): HTMLElement {
  const heading = h("h2", { id: "search-h" }, t.searchHeading);
  const input = h("input", { type: "search", minlength: 2, autocomplete: "off" });
  const list = h("div", { id: "search-results" });
  const form = h("form", { role: "search", "aria-labelledby": "search-h" }, h("div", { class: "row" }, field("search-q", t.searchLabel, input), h("div", { class: "field" }, h("button", { type: "submit" }, t.searchButton))));
  root.append(h("section", { class: "card", "aria-labelledby": "search-h" }, heading, form, list));
  const load: Reload = async () => {
    const found = await api.search(input.value.trim());
    list.replaceChildren(table(t.searchCount(found.length), found, [
      { head: t.colRole, cell: (v) => t.roles[v.person.kind] ?? v.person.kind },
      { head: t.colPlace, cell: (v) => v.person.schoolUai ?? v.person.organisationId ?? t.none },
    ], api, t, load));
    announce(t.searchCount(found.length));
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    load().catch((error: unknown) => failed(error, t));
  });
  return heading;
}

function table(caption: string, rows: PersonView[], columns: Column[], api: RosterApi, t: Strings, reload: Reload): HTMLElement {
  const all: Column[] = [
    { head: t.colName, cell: (v) => name(v) },
    ...columns,
    { head: t.colStatus, cell: (v) => (v.person.active ? t.active : t.inactive) },
    { head: t.colActions, cell: (v) => actions(v, api, t, reload) },
  ];
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...all.map((c) => h("th", { scope: "col" }, c.head)))),
    h("tbody", {}, ...rows.map((v) => h("tr", { class: v.person.active ? null : "inactive", "data-login": v.person.login },
      ...all.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c.cell(v)) : h("td", { class: i === all.length - 1 ? "actions" : null }, c.cell(v))))))),
  );
}

function actions(v: PersonView, api: RosterApi, t: Strings, reload: Reload): Node {
  const who = name(v);
  const edit = h("button", { type: "button", class: "secondary", "aria-label": t.editLabel(who) }, t.edit);
  edit.addEventListener("click", () => editDialog(v, api, t, reload, edit));
  const cell = document.createDocumentFragment();
  cell.append(edit);
  if (v.person.active) {
    const off = h("button", { type: "button", class: "danger", "aria-label": t.deactivateLabel(who) }, t.deactivate);
    off.addEventListener("click", async () => {
      if (!window.confirm(t.deactivateConfirm(who))) return;
      try {
        await api.deactivate(v.ref);
        await reload();
        announce(t.deactivated(who));
      } catch (error) {
        failed(error, t);
      }
    });
    cell.append(off);
  }
  return cell;
}

function editDialog(v: PersonView, api: RosterApi, t: Strings, reload: Reload, opener: HTMLElement): void {
  const p = v.person;
  const text = (value: string | null | undefined) => h("input", { type: "text", value: value ?? "" });
  const choice = (options: string[], value: string | null | undefined) =>
    h("select", {}, h("option", { value: "" }, t.none), ...options.map((o) => h("option", { value: o, selected: o === value }, o)));
  const first = text(p.firstName);
  const last = text(p.lastName);
  const klass = text(p.className);
  const level = choice(LEVELS, p.level);
  const stream = choice(STREAMS, p.stream);
  const trained = h("input", { type: "checkbox", checked: p.trained === true });
  const capacity = h("input", { type: "number", min: 1, max: 10, value: p.capacity ?? 1 });
  const student = p.kind === "student";
  const tutor = p.kind === "tutor";
  const save = h("button", { type: "submit" }, t.save);
  const cancel = h("button", { type: "button", class: "secondary" }, t.cancel);
  const form = h(
    "form",
    {},
    h("h2", { id: "edit-h" }, t.editHeading(name(v))),
    field("edit-first", t.firstName, first),
    field("edit-last", t.lastName, last),
    student && field("edit-class", t.klass, klass),
    student && field("edit-level", t.level, level),
    student && field("edit-stream", t.stream, stream),
    tutor && h("div", { class: "field inline" }, trained, h("label", { for: "edit-trained" }, t.trained)),
    tutor && field("edit-capacity", t.capacity, capacity),
    h("div", { class: "buttons" }, save, cancel),
  );
  trained.id = "edit-trained";
  const dialog = h("dialog", { "aria-labelledby": "edit-h" }, form);
  document.body.append(dialog);
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener.isConnected ? opener.focus() : focusOn(document.querySelector("main h2") ?? document.body);
  });
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const patch: PersonPatch = { firstName: first.value.trim(), lastName: last.value.trim() };
    if (student) {
      patch.className = klass.value.trim();
      if (level.value) patch.level = level.value;
      if (stream.value) patch.stream = stream.value;
    }
    if (tutor) {
      patch.trained = trained.checked;
      patch.capacity = Number(capacity.value);
    }
    save.disabled = true;
    try {
      const after = await api.patch(v.ref, patch);
      dialog.close();
      await reload();
      announce(t.saved(name(after)));
    } catch (error) {
      save.disabled = false;
      failed(error, t);
    }
  });
  dialog.showModal();
}

function reachColumn(t: Strings): Column {
  return { head: t.colReach, cell: (v) => reach(v, t) };
}

/** Reaches the bot / the app installed, first contact awaited / waiting for the tenant admin (what to grant) / not yet. */
function reach(v: PersonView, t: Strings): Node | string {
  switch (v.reach) {
    case undefined:
    case null:
      return yesNo(v.reachable, t);
    case "bot":
      return h("span", { class: "yes" }, t.reachBot);
    case "installed":
      return t.reachInstalled;
    case "waitingForAdmin":
      return h("span", { class: "no" }, t.reachAdmin(v.grant ?? ""));
    default:
      return h("span", { class: "no" }, t.reachNotYet);
  }
}

function yesNo(value: boolean | null | undefined, t: Strings): Node | string {
  if (value === null || value === undefined) return t.none;
  return h("span", { class: value ? "yes" : "no" }, value ? t.yes : t.no);
}

function name(v: PersonView): string {
  return `${v.person.firstName} ${v.person.lastName}`.trim();
}

function failed(error: unknown, t: Strings): void {
  const message = error instanceof ApiError ? (error.status === 409 ? t.conflict : error.status === 400 ? t.invalid : error.status === 403 ? t.forbidden : error.message || t.failed) : t.failed;
  announce(message, "error");
}
