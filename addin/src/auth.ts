// Nested app authentication (PLATFORM.md §7): Outlook signs the user in; MSAL asks the host for a token for the
// bot app's API scope, silently first, with a popup when the host says interaction is needed.
// The client id, authority and scope come from config.json beside the page (served by the bot from its settings).
import {
  createNestablePublicClientApplication,
  type IPublicClientApplication,
} from "@azure/msal-browser";

export interface AddinConfig {
  /** The bot app's Entra client id. Empty: no sign-in (local demo only: the API refuses anonymous calls). */
  clientId: string;
  authority: string;
  /** e.g. api://<host>/botid-<clientId>/access_as_user */
  scope: string;
}

const DEFAULT_AUTHORITY = "https://login.microsoftonline.com/common";

export function parseConfig(x: unknown): AddinConfig {
  const o = typeof x === "object" && x !== null ? (x as Record<string, unknown>) : {};
  const str = (v: unknown): string => (typeof v === "string" ? v.trim() : "");
  return {
    clientId: str(o.clientId),
    authority: str(o.authority) || DEFAULT_AUTHORITY,
    scope: str(o.scope),
  };
}

/** Reads config.json next to the page; a missing or unreadable file means "no sign-in configured". */
export async function loadConfig(): Promise<AddinConfig> {
  try {
    const response = await fetch(new URL("config.json", location.href).href, { cache: "no-store" });
    if (!response.ok) return parseConfig(null);
    return parseConfig((await response.json()) as unknown);
  } catch {
    return parseConfig(null);
  }
}

export class TokenProvider {
  private pca: Promise<IPublicClientApplication> | null = null;

  constructor(private readonly config: AddinConfig) {}

  get configured(): boolean {
    return this.config.clientId !== "" && this.config.scope !== "";
  }

  /** A bearer token for the bot's API, or null when sign-in is not configured. Throws when sign-in fails. */
  async token(): Promise<string | null> {
    if (!this.configured) return null;
    this.pca ??= createNestablePublicClientApplication({
      auth: { clientId: this.config.clientId, authority: this.config.authority },
    });
    const pca = await this.pca;
    const request = { scopes: [this.config.scope] };
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch {
      // Consent or a fresh sign-in is needed: the host shows its own popup.
      return (await pca.acquireTokenPopup(request)).accessToken;
    }
  }
}
