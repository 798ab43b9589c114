// Opening the pane: sign in, load the agreements and the e-mail grants; when the API cannot be reached, fall back to
// the agreements last received (mention texts only). A 401 or 403 is an answer, not an outage: no fallback then.
import { ApiError, getAgreements, getGrants } from "./api";
import { loadAgreements, saveAgreements } from "./cache";
import type { AgreementsResponse, BatGrant } from "./contract";
import { flushPending, type Session } from "./insert";

export type Opened =
  | { kind: "online"; session: Session }
  | { kind: "offline"; session: Session; savedAt: string }
  | { kind: "failed"; reason: "unauthorised" | "forbidden" | "offlineNoCache" };

export async function openSession(
  token: () => Promise<string | null>,
  now: Date = new Date()
): Promise<Opened> {
  let data: AgreementsResponse | null = null;
  let grants: BatGrant[] | null = null;
  try {
    const bearer = await token();
    data = await getAgreements(bearer);
    grants = (await getGrants(bearer)).grants;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401)
      return { kind: "failed", reason: "unauthorised" };
    if (e instanceof ApiError && e.status === 403) return { kind: "failed", reason: "forbidden" };
  }
  if (data !== null && grants !== null) {
    saveAgreements(data, now);
    const session: Session = { data, grants, offline: false, token, inserted: new Set() };
    await flushPending(session);
    return { kind: "online", session };
  }
  const cached = loadAgreements();
  if (cached === null) return { kind: "failed", reason: "offlineNoCache" };
  const session: Session = {
    data: cached.data,
    grants: [],
    offline: true,
    token,
    inserted: new Set(),
  };
  return { kind: "offline", session, savedAt: cached.savedAt };
}
