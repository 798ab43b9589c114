// One typed function per /api/addin/* route (addin/API.md). Same origin as the pane, bearer token from auth.ts.
// Answers are checked against the contract before use; nothing here logs a payload.
import type {
  Agreement,
  AgreementParty,
  AgreementsResponse,
  BatGrant,
  BatRequestBody,
  BatRequestView,
  GrantsResponse,
  InsertionCreated,
  InsertionRecord,
  LogoVersion,
  RequiredLink,
} from "./contract";
import type { LogoOwner, SendCheckResponse } from "./sendcheck";

/** The API answered with an error status (401, 403, 400...). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly route: string
  ) {
    super(`${route} answered ${status}`);
    this.name = "ApiError";
  }
}

/** The API could not be reached (network error, time-out, 5xx from a proxy) or answered something unreadable. */
export class ApiUnreachable extends Error {
  constructor(readonly route: string) {
    super(`${route} could not be reached`);
    this.name = "ApiUnreachable";
  }
}

export const ROUTES = {
  agreements: "/api/addin/agreements",
  grants: "/api/addin/grants",
  insertions: "/api/addin/insertions",
  sendCheck: "/api/addin/send-check",
  sendEvents: "/api/addin/send-events",
  batRequests: "/api/addin/bat-requests",
} as const;

const TIMEOUT_MS = 10_000;

interface SendInit {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Shorter than the default for the send-time check, which the user waits for. */
  timeoutMs?: number;
}

async function send(
  route: string,
  url: string,
  token: string | null,
  init: SendInit = {}
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  if (token) headers.set("Authorization", `Bearer ${token}`);
  let response: Response;
  try {
    const { timeoutMs, ...rest } = init;
    response = await fetch(url, {
      ...rest,
      headers,
      credentials: "omit",
      signal: AbortSignal.timeout(timeoutMs ?? TIMEOUT_MS),
    });
  } catch {
    throw new ApiUnreachable(route);
  }
  if (response.status >= 500) throw new ApiUnreachable(route);
  if (!response.ok) throw new ApiError(response.status, route);
  return response;
}

async function readJson(route: string, response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ApiUnreachable(route);
  }
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === "string";
const isBool = (x: unknown): x is boolean => typeof x === "boolean";
const arrayOf = <T>(x: unknown, item: (v: unknown) => v is T): x is T[] =>
  Array.isArray(x) && x.every(item);

function isLink(x: unknown): x is RequiredLink {
  return isObject(x) && isString(x.url) && isString(x.labelFr) && isString(x.labelEn);
}

function isParty(x: unknown): x is AgreementParty {
  return (
    isObject(x) &&
    isString(x.organisationId) &&
    isString(x.name) &&
    isString(x.mentionFr) &&
    isString(x.mentionEn) &&
    isBool(x.logoExpected) &&
    isBool(x.logoNeedsBat) &&
    arrayOf(x.links, isLink) &&
    isBool(x.nameBarredFromCommercial) &&
    isBool(x.writtenConsentOnRecord)
  );
}

function isAgreement(x: unknown): x is Agreement {
  return isObject(x) && isString(x.id) && isString(x.title) && arrayOf(x.parties, isParty);
}

function isLogo(x: unknown): x is LogoVersion {
  return (
    isObject(x) &&
    isString(x.organisationId) &&
    isString(x.hash) &&
    /^[0-9a-f]{64}$/.test(x.hash) &&
    (x.contentType === "image/png" || x.contentType === "image/svg+xml") &&
    isString(x.url)
  );
}

function isGrant(x: unknown): x is BatGrant {
  return (
    isObject(x) &&
    isString(x.organisationId) &&
    isString(x.logoHash) &&
    isString(x.medium) &&
    isString(x.from) &&
    isString(x.to)
  );
}

export function isAgreementsResponse(x: unknown): x is AgreementsResponse {
  return (
    isObject(x) &&
    isString(x.organisationId) &&
    arrayOf(x.agreements, isAgreement) &&
    arrayOf(x.logos, isLogo)
  );
}

/** GET /api/addin/agreements: the caller's agreements, their parties' obligations, and each party's current logo. */
export async function getAgreements(token: string | null): Promise<AgreementsResponse> {
  const route = ROUTES.agreements;
  const body = await readJson(route, await send(route, route, token));
  if (!isAgreementsResponse(body)) throw new ApiUnreachable(route);
  return body;
}

/** GET /api/addin/grants?medium=email: the granted, unexpired BATs for e-mail. */
export async function getGrants(token: string | null): Promise<GrantsResponse> {
  const route = ROUTES.grants;
  const body = await readJson(route, await send(route, `${route}?medium=email`, token));
  if (!isObject(body) || !arrayOf(body.grants, isGrant)) throw new ApiUnreachable(route);
  return { grants: body.grants };
}

/** POST /api/addin/insertions: records that a mention (and maybe a logo) went into a message. */
export async function postInsertion(
  token: string | null,
  record: InsertionRecord
): Promise<InsertionCreated> {
  const route = ROUTES.insertions;
  const response = await send(route, route, token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(record),
  });
  const body = await readJson(route, response);
  if (!isObject(body) || !isString(body.id)) throw new ApiUnreachable(route);
  return { id: body.id };
}

/** GET /api/addin/logos/{hash}: the logo file a LogoVersion points at (same origin only). */
export async function getLogo(
  token: string | null,
  logo: LogoVersion
): Promise<Uint8Array<ArrayBuffer>> {
  const route = "/api/addin/logos/{hash}";
  const url = new URL(logo.url, location.origin);
  if (url.origin !== location.origin) throw new ApiError(400, route);
  const response = await send(route, url.href, token, { headers: { Accept: logo.contentType } });
  return new Uint8Array(await response.arrayBuffer());
}

function isOwner(x: unknown): x is LogoOwner {
  return isObject(x) && isString(x.hash) && isString(x.organisationId);
}

/** POST /api/addin/send-check: what the send-time check needs, for the cited agreements and the inline images' hashes. */
export async function postSendCheck(
  token: string | null,
  agreementIds: string[],
  imageHashes: string[],
  timeoutMs: number
): Promise<SendCheckResponse> {
  const route = ROUTES.sendCheck;
  const response = await send(route, route, token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ agreementIds, imageHashes }),
    timeoutMs,
  });
  const body = await readJson(route, response);
  if (
    !isObject(body) ||
    !isAgreementsResponse(body.agreements) ||
    !arrayOf(body.grants, isGrant) ||
    !arrayOf(body.logos, isOwner)
  ) {
    throw new ApiUnreachable(route);
  }
  return { agreements: body.agreements, grants: body.grants, logos: body.logos };
}

/** A send the check stopped, or one that left unchecked while the API was unreachable (reported later). */
export interface SendEvent {
  id: string;
  kind: "blocked" | "unchecked";
  subjectHash: string;
  agreementIds: string[];
  organisationIds: string[];
  at: string;
}

/** POST /api/addin/send-events: recorded in the audit log. */
export async function postSendEvent(
  token: string | null,
  event: SendEvent,
  timeoutMs = TIMEOUT_MS
): Promise<void> {
  const route = ROUTES.sendEvents;
  await send(route, route, token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(event),
    timeoutMs,
  });
}

function isBatRequest(x: unknown): x is BatRequestView {
  return (
    isObject(x) &&
    isString(x.id) &&
    isString(x.organisationId) &&
    isString(x.logoHash) &&
    isString(x.medium) &&
    isString(x.status) &&
    isString(x.from) &&
    isString(x.to)
  );
}

/** POST /api/addin/bat-requests: asks the logo's owner for its BAT (201 with the request). */
export async function postBatRequest(
  token: string | null,
  body: BatRequestBody
): Promise<BatRequestView> {
  const route = ROUTES.batRequests;
  const response = await send(route, route, token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await readJson(route, response);
  if (!isBatRequest(json)) throw new ApiUnreachable(route);
  return json;
}

/** GET /api/addin/bat-requests: the caller's requests, newest first. */
export async function batRequests(token: string | null): Promise<BatRequestView[]> {
  const route = ROUTES.batRequests;
  const json = await readJson(route, await send(route, route, token));
  if (!arrayOf(json, isBatRequest)) throw new ApiUnreachable(route);
  return json;
}
