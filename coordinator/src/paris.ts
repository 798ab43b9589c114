// Times on the page are Europe/Paris whatever the browser's zone: what a coordinator types ("le 7 décembre à 18 h")
// is Paris time, and instants from the API (UTC) are shown in Paris time.

const ZONE = "Europe/Paris";

/** Minutes Paris is ahead of UTC at that instant (60 in winter, 120 in summer). */
export function parisOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, timeZoneName: "longOffset" }).formatToParts(at);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * A Paris wall-clock time ("2026-12-07" or "2026-12-07T18:00") as an instant, null when it is not one. A time that
 * does not exist (the spring change) moves forward by the gap, as clocks do.
 */
export function parisToInstant(local: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, hh, mm] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mm > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, hh, mm);
  const check = new Date(naive);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Two passes: the offset at the guessed instant, then at the corrected one (they differ only near a change).
  let at = naive - parisOffsetMinutes(new Date(naive)) * 60_000;
  at = naive - parisOffsetMinutes(new Date(at)) * 60_000;
  return new Date(at);
}

/** The instant as an ISO 8601 string with Paris's offset, e.g. "2026-12-07T18:00:00+01:00". */
export function parisIso(at: Date): string {
  const offset = parisOffsetMinutes(at);
  const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Today's date in Paris, plus some days, as an <input type=date> value. */
export function parisDay(at: Date, plusDays = 0): string {
  const local = new Date(at.getTime() + parisOffsetMinutes(at) * 60_000);
  local.setUTCDate(local.getUTCDate() + plusDays);
  return local.toISOString().slice(0, 10);
}

/** The day after a Paris date ("2026-12-31" -> "2027-01-01"): an inclusive last day becomes an exclusive end. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function parisFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "fr-FR", { ...options, timeZone: ZONE });
}
