// What the pane keeps in localStorage: the last agreements the API sent (mention texts and links only, never logos)
// for when it cannot be reached, and the insertion records it could not send yet.
import type { AgreementsResponse, InsertionRecord } from "./contract";
import { isAgreementsResponse } from "./api";
import { read, write } from "./localstore"; // Storage full or disabled: the pane works without its cache.

const AGREEMENTS_KEY = "tutorbot.addin.agreements.v1";
const PENDING_KEY = "tutorbot.addin.pendingInsertions.v1";
const MAX_PENDING = 200;

export interface CachedAgreements {
  data: AgreementsResponse;
  savedAt: string;
}

export function saveAgreements(data: AgreementsResponse, now: Date): void {
  write(AGREEMENTS_KEY, { data: { ...data, logos: [] }, savedAt: now.toISOString() });
}

export function loadAgreements(): CachedAgreements | null {
  const x = read(AGREEMENTS_KEY);
  if (typeof x !== "object" || x === null) return null;
  const { data, savedAt } = x as Record<string, unknown>;
  if (!isAgreementsResponse(data) || typeof savedAt !== "string") return null;
  return { data: { ...data, logos: [] }, savedAt };
}

function isRecord(x: unknown): x is InsertionRecord {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.agreementId === "string" &&
    typeof r.organisationId === "string" &&
    typeof r.subjectHash === "string" &&
    (r.logoHash === undefined || typeof r.logoHash === "string")
  );
}

export function pendingRecords(): InsertionRecord[] {
  const x = read(PENDING_KEY);
  return Array.isArray(x) ? x.filter(isRecord) : [];
}

export function queueRecords(records: InsertionRecord[]): void {
  write(PENDING_KEY, [...pendingRecords(), ...records].slice(-MAX_PENDING));
}

export function setPendingRecords(records: InsertionRecord[]): void {
  write(PENDING_KEY, records);
}
