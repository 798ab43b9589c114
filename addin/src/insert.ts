// One press of "Insert": read the body, plan (mentions.ts), fetch and attach the allowed logos, write the content
// at the cursor or at the end, then record what went in (subject hash only). Offline, records wait in the cache.
import { getLogo, postInsertion } from "./api";
import { queueRecords, pendingRecords, setPendingRecords } from "./cache";
import { addInlineImage, bodyType, getBody, insertAtCursor, setBody, subject } from "./compose";
import type { AgreementsResponse, BatGrant, InsertionRecord } from "./contract";
import {
  appendToBody,
  planInsertion,
  type InsertionPlan,
  type Language,
  type PlanInput,
} from "./mentions";

export type Position = "cursor" | "end";

export interface Session {
  data: AgreementsResponse;
  grants: BatGrant[];
  offline: boolean;
  token: () => Promise<string | null>;
  /** Agreements inserted into this message by this pane. */
  inserted: Set<string>;
}

export interface Choice {
  selected: string[];
  language: Language;
  position: Position;
  commercial: boolean;
}

export interface Outcome {
  plan: InsertionPlan;
  /** Records not sent now (offline or refused): kept to send later. */
  queued: boolean;
}

export async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function fetchLogos(
  session: Session,
  plan: InsertionPlan,
  unavailable: Set<string>
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const token = plan.logos.length > 0 ? await session.token() : null;
  for (const logo of plan.logos) {
    try {
      const bytes = await getLogo(token, logo);
      // The BAT covers this version only: a file that is not that version never goes in.
      if ((await sha256Hex(bytes)) !== logo.hash) unavailable.add(logo.hash);
      else files.set(logo.hash, toBase64(bytes));
    } catch {
      unavailable.add(logo.hash);
    }
  }
  return files;
}

export async function insertMentions(
  session: Session,
  choice: Choice,
  now: Date = new Date()
): Promise<Outcome> {
  const type = await bodyType();
  const existingBody = await getBody(type);
  const input: PlanInput = {
    data: session.data,
    selected: choice.selected,
    language: choice.language,
    bodyType: type,
    commercial: choice.commercial,
    grants: session.grants,
    now,
    existingBody,
    insertedThisSession: session.inserted,
    offline: session.offline,
  };
  const unavailable = new Set<string>();
  let plan = planInsertion(input);
  const files = await fetchLogos(session, plan, unavailable);
  if (unavailable.size > 0) plan = planInsertion({ ...input, unavailableLogos: unavailable });
  for (const logo of plan.logos) {
    try {
      await addInlineImage(files.get(logo.hash) ?? "", logo.fileName);
    } catch {
      unavailable.add(logo.hash);
    }
  }
  // A logo that could not be attached leaves its mention as text (the attachments already added stay unused).
  if (plan.logos.some((l) => unavailable.has(l.hash))) {
    plan = planInsertion({ ...input, unavailableLogos: unavailable });
  }
  if (plan.content === "") return { plan, queued: false };

  if (choice.position === "cursor") await insertAtCursor(plan.content, type);
  else await setBody(appendToBody(existingBody, plan.content, type), type);
  for (const id of plan.insertedAgreements) session.inserted.add(id);

  const subjectHash = await sha256Hex(new TextEncoder().encode(await subject()));
  const records: InsertionRecord[] = plan.records.map((r) => ({ ...r, subjectHash }));
  if (session.offline) {
    queueRecords(records);
    return { plan, queued: true };
  }
  return { plan, queued: !(await sendRecords(session, records)) };
}

/** Sends the records; those that could not be sent join the queue. True when all went through. */
async function sendRecords(session: Session, records: InsertionRecord[]): Promise<boolean> {
  const failed: InsertionRecord[] = [];
  let token: string | null = null;
  try {
    token = await session.token();
  } catch {
    queueRecords(records);
    return false;
  }
  for (const record of records) {
    try {
      await postInsertion(token, record);
    } catch {
      failed.push(record);
    }
  }
  if (failed.length > 0) queueRecords(failed);
  return failed.length === 0;
}

/** Sends the records kept while offline (called once the API answered again). */
export async function flushPending(session: Session): Promise<void> {
  const pending = pendingRecords();
  if (pending.length === 0) return;
  setPendingRecords([]);
  await sendRecords(session, pending);
}
