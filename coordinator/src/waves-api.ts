// One typed function per /api/waves route the Vagues view uses (the waves contract), plus the workshop picker's
// /api/workshops, with the session's credentials and the page's language. Refusals arrive as FieldProblem.
import type { Credentials } from "./api";
import { callJson } from "./problem";

export interface WaveText { fr: string; en: string | null }
export type AudienceKind = "everyone" | "role" | "school" | "class" | "workshop" | "nonResponders";
export interface Audience {
  kind: AudienceKind; role: "student" | "tutor" | null; schoolId: string | null; classId: string | null; workshopId: string | null; waveId: string | null;
}
export interface WaveDraft { title: string; message: WaveText; answers: WaveText[]; audience: Audience; nudgeAfterHours: number | null }
export type WaveState = "draft" | "scheduled" | "sending" | "paused" | "cancelled" | "done";
export interface WaveSummary { id: string; title: string; state: WaveState; createdUtc: string; recipients: number }
export interface Counts { recipients: number; queued: number; sent: number; answered: number; unreachable: number; failed: number; cancelled: number; nudged: number }
export interface WaveView {
  id: string; title: string; state: WaveState; sendAtUtc: string | null; nudgeAfterHours?: number | null; audience?: Audience;
  counts: Counts; reasons: { reason: string; count: number }[]; answers: { label: string; count: number }[]; timeline: { minuteUtc: string; sent: number }[];
}
/** An Adaptive Card as JSON: only what the preview draws is typed. */
export interface CardJson { type?: string; body?: CardElement[]; actions?: CardAction[] }
export interface CardElement {
  type: string; text?: string; size?: string; weight?: string; isSubtle?: boolean; color?: string;
  inlines?: { text?: string }[]; facts?: { title: string; value: string }[]; items?: CardElement[]; columns?: { items?: CardElement[] }[]; actions?: CardAction[];
}
export interface CardAction { type: string; title: string }
export interface Preview { locale: string; card: CardJson; bytes: number; limitBytes: number; withinLimit: boolean }
export interface WorkshopSummary { id: string; kind: string; title: string; startUtc: string; place: string; confirmed: number }

const enc = encodeURIComponent;

export class WavesApi {
  constructor(private readonly credentials: Credentials, private readonly language: string) {}

  create = (draft: WaveDraft) => this.call<{ id: string; recipients: number }>("POST", "/api/waves", draft);
  list = () => this.call<WaveSummary[]>("GET", "/api/waves");
  get = (id: string) => this.call<WaveView>("GET", `/api/waves/${enc(id)}`);
  preview = (id: string, locale: "fr" | "en") => this.call<Preview>("GET", `/api/waves/${enc(id)}/preview?locale=${locale}`);
  /** `at` is a Paris wall time ("2026-12-07T18:00"), null to send now. */
  send = (id: string, at: string | null) => this.call<{ state: WaveState }>("POST", `/api/waves/${enc(id)}/send`, { at });
  control = (id: string, action: "pause" | "resume" | "cancel") => this.call<{ state: WaveState }>("POST", `/api/waves/${enc(id)}/${action}`);
  workshops = () => this.call<WorkshopSummary[]>("GET", "/api/workshops");

  /** The outcome per recipient as CSV, read with the session's credentials (a plain link would go without them). */
  async csv(id: string): Promise<Blob> {
    const response = await fetch(`/api/waves/${enc(id)}/recipients.csv`, { headers: { ...(await this.credentials()), "Accept-Language": this.language }, cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    return response.blob();
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return callJson<T>(this.credentials, this.language, method, path, body);
  }
}

/** A roster class's id as the waves API knows it: "{uai}-{slug of the name}" (RosterKeys.Slug: accents folded, lower case, runs of anything else one dash). */
export function classId(uai: string, name: string): string {
  let slug = "";
  for (const c of name.normalize("NFD")) {
    if (/\p{Mn}/u.test(c)) continue;
    if (/[\p{L}\p{Nd}]/u.test(c)) slug += c.toLowerCase();
    else if (slug.length > 0 && !slug.endsWith("-")) slug += "-";
  }
  return `${uai}-${slug.replace(/^-+|-+$/g, "")}`;
}

/** States in which the wave still moves, so the view keeps reading its progress. */
export function isLive(state: WaveState): boolean {
  return state === "scheduled" || state === "sending" || state === "paused";
}

/** What each state allows (the server decides again: 409 otherwise). */
export function controlsFor(state: WaveState): ("pause" | "resume" | "cancel")[] {
  if (state === "sending" || state === "scheduled") return ["pause", "cancel"];
  if (state === "paused") return ["resume", "cancel"];
  return [];
}
