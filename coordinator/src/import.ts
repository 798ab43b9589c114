// The import view: choose a file, dry run (every problem by line and column), confirm, then a progress bar fed by
// polling the job until it is done. Nothing is imported before the confirmation.
import { ApiError, type ImportReport, type RosterApi } from "./api";
import { announce, field, focusOn, h } from "./dom";
import type { Strings } from "./strings";

const POLL_MS = 400;

export function importView(root: HTMLElement, api: RosterApi, t: Strings): HTMLElement {
  const input = h("input", { type: "file", accept: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const result = h("div", { id: "import-result" });
  const check = h("button", { type: "submit", id: "import-check" }, t.importCheck);
  const form = h("form", {}, field("import-file", t.importFile, input, t.importHint), check);
  const heading = h("h2", { id: "import-h" }, t.importHeading);
  root.append(h("section", { class: "card", "aria-labelledby": "import-h" }, heading, form, result));

  // A new file invalidates the last check.
  input.addEventListener("change", () => result.replaceChildren());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = input.files?.[0];
    if (!file) {
      announce(t.importNoFile, "error");
      input.focus();
      return;
    }
    check.disabled = true;
    announce(t.importChecking);
    try {
      showReport(await api.import(file, true), file);
    } catch (error) {
      showError(error);
    } finally {
      check.disabled = false;
    }
  });

  function showReport(report: ImportReport, file: File): void {
    const title = h("h3", { id: "report-h" }, t.reportHeading);
    const counts = h("p", {}, t.reportCounts(report.total, report.new, report.changed, report.unchanged));
    result.replaceChildren(title, counts);
    if (report.problems.length > 0) {
      result.append(problemTable(report));
      announce(t.reportProblems(report.problems.length), "error");
    } else {
      const confirm = h("button", { type: "button", id: "import-confirm" }, t.importConfirm);
      confirm.addEventListener("click", () => void run(file, confirm));
      result.append(h("p", {}, t.reportNone), confirm);
      announce(`${t.reportCounts(report.total, report.new, report.changed, report.unchanged)} ${t.reportNone}`);
    }
    focusOn(title);
  }

  function problemTable(report: ImportReport): HTMLElement {
    return h(
      "table",
      { class: "problems", id: "import-problems" },
      h("caption", {}, t.reportProblems(report.problems.length)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.colLine), h("th", { scope: "col" }, t.colColumn), h("th", { scope: "col" }, t.colProblem))),
      h("tbody", {}, ...report.problems.map((p) => h("tr", {}, h("td", {}, String(p.line)), h("td", {}, p.column ?? t.none), h("td", {}, p.message)))),
    );
  }

  async function run(file: File, confirm: HTMLButtonElement): Promise<void> {
    confirm.disabled = true;
    let report: ImportReport;
    try {
      report = await api.import(file, false);
    } catch (error) {
      confirm.disabled = false;
      showError(error);
      return;
    }
    if (report.jobId === null) {
      result.append(h("p", {}, t.importUpToDate));
      announce(t.importUpToDate);
      return;
    }
    const label = h("p", { id: "progress-label" }, t.progress(0, report.total));
    const bar = h("progress", { id: "import-progress", max: Math.max(report.total, 1), value: 0, "aria-labelledby": "progress-label" });
    result.append(h("h3", {}, t.progressLabel), label, bar);
    announce(t.progress(0, report.total));
    let last = -1;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      let job;
      try {
        job = await api.job(report.jobId);
      } catch (error) {
        showError(error);
        return;
      }
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
      label.textContent = t.progress(job.done, job.total);
      if (job.state === "done") {
        const done = h("p", { id: "import-done" }, t.importDone(job.new, job.changed));
        result.append(done);
        announce(t.importDone(job.new, job.changed));
        focusOn(done);
        return;
      }
      if (job.state === "failed") {
        result.append(h("p", { class: "no" }, t.importFailed));
        announce(t.importFailed, "error");
        return;
      }
      if (job.done !== last) {
        last = job.done;
        announce(t.progress(job.done, job.total));
      }
    }
  }

  function showError(error: unknown): void {
    const message = error instanceof ApiError && error.message ? error.message : t.failed;
    result.replaceChildren(h("p", { class: "no", id: "import-error" }, message));
    if (error instanceof ApiError && error.problems.length > 0) {
      result.append(problemTable({ dryRun: false, total: 0, new: 0, changed: 0, unchanged: 0, problems: error.problems, jobId: null }));
    }
    announce(message, "error");
  }

  return heading;
}
