// What the send-time check keeps in localStorage: the sends that went out unchecked while the API could not be
// reached (reported once it answers again), and the message whose send was just stopped for that reason (the second
// press of Send within a few minutes goes through: softBlock, the user may send).
import type { SendEvent } from "./api";
import { read, write } from "./localstore"; // Storage disabled: an unchecked send then goes unreported.

const UNCHECKED_KEY = "tutorbot.addin.uncheckedSends.v1";
const WARNED_KEY = "tutorbot.addin.serverDownWarned.v1";
const MAX_UNCHECKED = 200;
/** A second Send within this delay, for the same subject, goes out unchecked. */
export const SEND_AGAIN_WINDOW_MS = 10 * 60 * 1000;

function isEvent(x: unknown): x is SendEvent {
  if (typeof x !== "object" || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e.id === "string" &&
    e.kind === "unchecked" &&
    typeof e.subjectHash === "string" &&
    typeof e.at === "string" &&
    Array.isArray(e.agreementIds)
  );
}

export function uncheckedSends(): SendEvent[] {
  const x = read(UNCHECKED_KEY);
  return Array.isArray(x) ? x.filter(isEvent) : [];
}

export function setUncheckedSends(events: SendEvent[]): void {
  write(UNCHECKED_KEY, events.slice(-MAX_UNCHECKED));
}

export function queueUncheckedSend(event: SendEvent): void {
  setUncheckedSends([...uncheckedSends(), event]);
}

/** True when the user was told, moments ago, that this message could not be checked: this Send goes through. */
export function warnedRecently(subjectHash: string, now: Date): boolean {
  const x = read(WARNED_KEY);
  if (typeof x !== "object" || x === null) return false;
  const { subjectHash: s, at } = x as Record<string, unknown>;
  return s === subjectHash && typeof at === "number" && now.getTime() - at < SEND_AGAIN_WINDOW_MS;
}

export function rememberWarning(subjectHash: string, now: Date): void {
  write(WARNED_KEY, { subjectHash, at: now.getTime() });
}

export function forgetWarning(): void {
  try {
    localStorage.removeItem(WARNED_KEY);
  } catch {
    // nothing kept
  }
}
