// The calls the BAT request view makes: the caller's agreements and partners' current logo versions, their BAT
// requests, and a new request. These are the add-in's routes (/api/addin/*): the coordinator page asks a BAT the
// same way the Outlook pane does, with the same checks on the server.
import type { Credentials } from "./api";
import { callJson } from "./problem";

export interface Party { organisationId: string; name: string; logoExpected: boolean; logoNeedsBat: boolean }
export interface Agreement { id: string; title: string; parties: Party[] }
export interface Logo { organisationId: string; hash: string; contentType: string; url: string }
export interface Agreements { organisationId: string; agreements: Agreement[]; logos: Logo[] }
export type BatStatus = "pending" | "approved" | "changes-requested" | "rejected" | "expired";
export interface BatRequestView {
  id: string; organisationId: string; logoHash: string; medium: string; from: string; to: string; draftHash: string;
  status: BatStatus | string; createdAt: string; decidedAt: string | null; comment: string | null;
}
export interface BatRequestBody { organisationId: string; logoHash: string; medium: string; from: string; to: string; draft: string }

export const MEDIA = ["email", "website", "brochure", "poster", "press-release"] as const;

export class BatApi {
  constructor(private readonly credentials: Credentials, private readonly language: string) {}

  agreements = () => this.call<Agreements>("GET", "/api/addin/agreements");
  requests = () => this.call<BatRequestView[]>("GET", "/api/addin/bat-requests");
  request = (body: BatRequestBody) => this.call<BatRequestView>("POST", "/api/addin/bat-requests", body);

  /** A logo version's image, read with the session's credentials (an <img src> would go without them). */
  async logo(url: string): Promise<Blob | null> {
    const response = await fetch(url, { headers: await this.credentials(), cache: "no-store" });
    return response.ok ? response.blob() : null;
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return callJson<T>(this.credentials, this.language, method, path, body);
  }
}

/** Bytes as base64, in chunks (String.fromCharCode with a spread of 2 MB would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The parties the caller may ask a BAT of: every party of their agreements but their own, with a stored logo. */
export function requestableParties(data: Agreements): { party: Party; logos: Logo[] }[] {
  const seen = new Map<string, { party: Party; logos: Logo[] }>();
  for (const agreement of data.agreements) {
    for (const party of agreement.parties) {
      if (party.organisationId === data.organisationId || seen.has(party.organisationId)) continue;
      const logos = data.logos.filter((l) => l.organisationId === party.organisationId);
      if (logos.length > 0) seen.set(party.organisationId, { party, logos });
    }
  }
  return [...seen.values()].sort((a, b) => a.party.name.localeCompare(b.party.name));
}
