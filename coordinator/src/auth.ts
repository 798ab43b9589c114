// Three ways in, one shape out (a Session whose credentials go on every API call):
//  - in Teams: nested app authentication, Teams signs the user in and MSAL asks it for a token for the bot's API;
//  - in a browser: MSAL redirect to Entra ID and back to /coordinator;
//  - in the local demo (Development, loopback, Roster:LocalSignIn): a chosen demo person's login in X-Roster-Person.
// MSAL and teams-js are loaded only when used, so the local demo loads neither.
import type { Credentials, PageConfig } from "./api";

export interface Session {
  kind: "teams" | "msal" | "local";
  credentials: Credentials;
  signOut(): Promise<void>;
}

const LOCAL_KEY = "tutorbot.coordinator.local";
const LOCAL_HEADER = "X-Roster-Person";

/** True inside Teams. Outside, teams-js `app.initialize()` rejects ("No Parent window found") or never answers. */
export async function inTeams(timeoutMs = 3000): Promise<boolean> {
  try {
    const { app } = await import("@microsoft/teams-js");
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs));
    await Promise.race([app.initialize(), timeout]);
    return true;
  } catch {
    return false;
  }
}

export function entraConfigured(config: PageConfig): boolean {
  return config.clientId !== "" && config.scope !== "";
}

export async function teamsSession(config: PageConfig): Promise<Session> {
  const { createNestablePublicClientApplication } = await import("@azure/msal-browser");
  const pca = await createNestablePublicClientApplication({ auth: { clientId: config.clientId, authority: config.authority } });
  const request = { scopes: [config.scope] };
  const token = async (): Promise<string> => {
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch {
      // Consent or a fresh sign-in is needed: Teams shows its own popup.
      return (await pca.acquireTokenPopup(request)).accessToken;
    }
  };
  await token();
  return { kind: "teams", credentials: async () => ({ Authorization: `Bearer ${await token()}` }), signOut: async () => {} };
}

/**
 * The browser's Entra session: finishes a redirect that just came back, or finds an account signed in earlier.
 * Null when nobody is signed in yet; `signIn` then leaves the page for Entra ID.
 */
export async function msalSession(config: PageConfig): Promise<{ session: Session | null; signIn: () => Promise<void> }> {
  const { createStandardPublicClientApplication, InteractionRequiredAuthError } = await import("@azure/msal-browser");
  const pca = await createStandardPublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, redirectUri: `${location.origin}/coordinator` },
    cache: { cacheLocation: "sessionStorage" },
  });
  const scopes = [config.scope];
  const result = await pca.handleRedirectPromise();
  const account = result?.account ?? pca.getAllAccounts()[0] ?? null;
  const signIn = () => pca.loginRedirect({ scopes });
  if (account === null) return { session: null, signIn };
  const token = async (): Promise<string> => {
    try {
      return (await pca.acquireTokenSilent({ scopes, account })).accessToken;
    } catch (e) {
      if (e instanceof InteractionRequiredAuthError) await pca.acquireTokenRedirect({ scopes, account });
      throw e;
    }
  };
  return {
    session: { kind: "msal", credentials: async () => ({ Authorization: `Bearer ${await token()}` }), signOut: () => pca.logoutRedirect({ account }) },
    signIn,
  };
}

export function localSession(login: string): Session {
  sessionStorage.setItem(LOCAL_KEY, login);
  return {
    kind: "local",
    credentials: async () => ({ [LOCAL_HEADER]: login }),
    signOut: async () => sessionStorage.removeItem(LOCAL_KEY),
  };
}

/** The demo person chosen earlier in this tab, if any. */
export function rememberedLocalLogin(): string | null {
  return sessionStorage.getItem(LOCAL_KEY);
}
