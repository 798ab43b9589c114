// Asking a partner for its BAT from the pane: the request names the partner, its current logo version, e-mail, a
// period (from now, one year by default) and carries the draft as it stands (the message's HTML). The partner's
// correspondent decides in Teams; the pane lists the caller's requests and where they stand.
import { ApiUnreachable, batRequests, postBatRequest } from "./api";
import type { AgreementsResponse, BatRequestBody, BatRequestView } from "./contract";
import { EMAIL_MEDIUM, type InsertionPlan } from "./mentions";

export const DEFAULT_PERIOD_DAYS = 365;

/** The partners whose logo the last insertion left out for want of a BAT, with the logo version to ask for. */
export function requestable(
  plan: InsertionPlan,
  data: AgreementsResponse
): { organisationId: string; name: string; logoHash: string }[] {
  const found: { organisationId: string; name: string; logoHash: string }[] = [];
  for (const m of plan.mentions) {
    if (!m.batRequestable || found.some((f) => f.organisationId === m.organisationId)) continue;
    const logo = data.logos.find((l) => l.organisationId === m.organisationId);
    if (logo) found.push({ organisationId: m.organisationId, name: m.name, logoHash: logo.hash });
  }
  return found;
}

function toBase64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function requestBody(
  organisationId: string,
  logoHash: string,
  draftHtml: string,
  now: Date,
  days = DEFAULT_PERIOD_DAYS
): BatRequestBody {
  return {
    organisationId,
    logoHash,
    medium: EMAIL_MEDIUM,
    from: now.toISOString(),
    to: new Date(now.getTime() + days * 86_400_000).toISOString(),
    draft: toBase64Utf8(draftHtml),
  };
}

export async function requestBat(
  token: string | null,
  body: BatRequestBody
): Promise<BatRequestView> {
  return postBatRequest(token, body);
}

/** The caller's requests, newest first; empty when the API cannot be reached. */
export async function myRequests(token: string | null): Promise<BatRequestView[]> {
  try {
    return await batRequests(token);
  } catch (e) {
    if (e instanceof ApiUnreachable) return [];
    throw e;
  }
}
