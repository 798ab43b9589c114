// A wave's progress on the page: counts, reasons of the cards not delivered, answers, a chart of cards sent per
// minute (inline SVG, named, with its data as a table), pause / resume / cancel (cancel asks first) and the CSV of
// the outcome per recipient. It reads the wave again every few seconds while the wave still moves, and says what
// changed in its own live region (state changes at once, counts at most every 15 s, so a screen reader is not flooded).
import { announce, focusOn, h } from "./dom";
import { parisFormat } from "./paris";
import { FieldProblem } from "./problem";
import { controlsFor, isLive, type WaveView, type WavesApi } from "./waves-api";
import type { WavesStrings } from "./waves-strings";

export const REFRESH_MS = 3000;
const SAY_EVERY_MS = 15_000;
const COUNTS = ["recipients", "queued", "sent", "answered", "unreachable", "failed", "cancelled", "nudged"] as const;

export function progressPanel(id: string, api: WavesApi, t: WavesStrings, language: string, changed: () => void): HTMLElement {
  const heading = h("h2", { id: "wave-progress-h" }, "…");
  const live = h("p", { id: "wave-live", role: "status", "aria-live": "polite", "aria-atomic": "true", class: "hint" });
  const content = h("div", {});
  const panel = h("section", { class: "card", id: "wave-progress", "aria-labelledby": "wave-progress-h" }, heading, live, content);
  let lastState = "";
  let lastSaid = 0;
  let timer = 0;

  const load = async () => {
    window.clearTimeout(timer);
    if (!panel.isConnected && lastState !== "") return;
    const wave = await api.get(id);
    heading.textContent = t.progressHeading(wave.title);
    content.replaceChildren(...render(wave));
    const now = Date.now();
    if (wave.state !== lastState || now - lastSaid >= SAY_EVERY_MS) {
      live.textContent = t.live(t.states[wave.state] ?? wave.state, wave.counts);
      lastSaid = now;
    }
    if (lastState !== "" && wave.state !== lastState) changed();
    lastState = wave.state;
    if (isLive(wave.state)) timer = window.setTimeout(() => void load().catch(fail), REFRESH_MS);
  };
  const fail = (e: unknown) => announce(e instanceof FieldProblem && e.message ? e.message : t.failed, "error");

  const render = (wave: WaveView): HTMLElement[] => {
    const when = parisFormat(language, { dateStyle: "long", timeStyle: "short" });
    const state = h("p", { id: "wave-state", "data-state": wave.state }, h("strong", {}, t.stateIs(t.states[wave.state] ?? wave.state)),
      wave.sendAtUtc && wave.state === "scheduled" ? ` — ${t.sendAtIs(when.format(new Date(wave.sendAtUtc)))}` : "");
    const counts = h("dl", { class: "counts", "aria-label": t.countsCaption },
      ...COUNTS.filter((k) => k !== "cancelled" || wave.counts.cancelled > 0).map((k) =>
        h("div", {}, h("dt", {}, t.counts[k] ?? k), h("dd", { id: `wave-count-${k}` }, String(wave.counts[k])))));
    const buttons = h("div", { class: "buttons" }, ...controlsFor(wave.state).map((action) => {
      const b = h("button", { type: "button", id: `wave-${action}`, class: action === "cancel" ? "danger" : "secondary" }, t[action]);
      b.addEventListener("click", () => (action === "cancel" ? confirmCancel(wave.title) : void control(action)));
      return b;
    }));
    const csv = h("button", { type: "button", id: "wave-csv", class: "secondary" }, t.csv);
    csv.addEventListener("click", () => void download(wave.id));
    buttons.append(csv);
    const parts: HTMLElement[] = [state, counts, buttons];
    if (wave.reasons.length > 0) parts.push(table(t.reasonsCaption, [t.colReason, t.colCount], wave.reasons.map((r) => [t.reasons[r.reason] ?? r.reason, String(r.count)]), "wave-reasons"));
    if (wave.answers.length > 0) parts.push(table(t.answersCaption, [t.colAnswer, t.colCount], wave.answers.map((a) => [a.label, String(a.count)]), "wave-answers"));
    parts.push(...chart(wave.timeline, t, language));
    return parts;
  };

  const control = async (action: "pause" | "resume" | "cancel") => {
    try {
      const result = await api.control(id, action);
      announce(t.stateIs(t.states[result.state] ?? result.state));
      await load();
      focusOn(heading);
    } catch (e) {
      fail(e);
      await load().catch(fail);
    }
  };

  const confirmCancel = (title: string) => {
    const yes = h("button", { type: "button", class: "danger", id: "wave-cancel-yes" }, t.confirmYes);
    const no = h("button", { type: "button", class: "secondary", id: "wave-cancel-no" }, t.confirmNo);
    const dialog = h("dialog", { "aria-labelledby": "wave-cancel-q" }, h("p", { id: "wave-cancel-q" }, t.confirmCancel(title)), h("div", { class: "buttons" }, no, yes));
    const close = () => {
      dialog.close();
      dialog.remove();
    };
    no.addEventListener("click", () => {
      close();
      panel.querySelector<HTMLElement>("#wave-cancel")?.focus();
    });
    yes.addEventListener("click", () => {
      close();
      void control("cancel");
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  };

  const download = async (waveId: string) => {
    try {
      const url = URL.createObjectURL(await api.csv(waveId));
      const link = h("a", { href: url, download: `vague-${waveId}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce(t.csvDone);
    } catch (e) {
      fail(e);
    }
  };

  void load().catch(fail);
  return panel;
}

function table(caption: string, columns: string[], rows: string[][], id: string): HTMLElement {
  return h("table", { id }, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...rows.map(([first, ...rest]) => h("tr", {}, h("th", { scope: "row" }, first ?? ""), ...rest.map((c) => h("td", {}, c))))));
}

/** Bars of cards sent per minute, as an SVG image named by its summary, then the same numbers as a table. */
function chart(timeline: { minuteUtc: string; sent: number }[], t: WavesStrings, language: string): HTMLElement[] {
  const heading = h("h3", { id: "wave-chart-h" }, t.chartTitle);
  if (timeline.length === 0) return [heading, h("p", { id: "wave-chart-empty" }, t.chartEmpty)];
  const minute = parisFormat(language, { timeStyle: "short" });
  const total = timeline.reduce((s, p) => s + p.sent, 0);
  const peak = Math.max(...timeline.map((p) => p.sent));
  const summary = t.chartSummary(total, timeline.length, peak);
  const [width, height, pad] = [640, 180, 28];
  const step = (width - pad * 2) / timeline.length;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const attrs = (el: Element, a: Record<string, string | number>) => Object.entries(a).forEach(([k, v]) => el.setAttribute(k, String(v)));
  attrs(svg, { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "wave-chart-h wave-chart-sum", class: "wave-chart", id: "wave-chart" });
  const axis = document.createElementNS(ns, "line");
  attrs(axis, { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad });
  svg.append(axis);
  timeline.forEach((p, i) => {
    const barHeight = peak === 0 ? 0 : ((height - pad * 2) * p.sent) / peak;
    const bar = document.createElementNS(ns, "rect");
    attrs(bar, { x: pad + i * step + step * 0.1, y: height - pad - barHeight, width: Math.max(1, step * 0.8), height: barHeight });
    svg.append(bar);
    if (timeline.length <= 12 || i % Math.ceil(timeline.length / 12) === 0) {
      const label = document.createElementNS(ns, "text");
      attrs(label, { x: pad + i * step + step / 2, y: height - pad + 14, "text-anchor": "middle", "aria-hidden": "true" });
      label.textContent = minute.format(new Date(p.minuteUtc));
      svg.append(label);
    }
  });
  const data = h("details", {}, h("summary", {}, t.chartTable),
    table(t.chartTitle, [t.colMinute, t.colSent], timeline.map((p) => [minute.format(new Date(p.minuteUtc)), String(p.sent)]), "wave-timeline"));
  return [heading, svg as unknown as HTMLElement, h("p", { id: "wave-chart-sum" }, summary), data];
}
