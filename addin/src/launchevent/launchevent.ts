/* global Office */
// The Smart Alerts handler (OnMessageSend, softBlock): one self-contained bundle (classic Outlook on Windows runs it
// alone, without Office.onReady). A message citing no partnership goes at once, without the server. Otherwise one
// call (/api/addin/send-check) and the pure rules of sendcheck.ts decide; a stopped send says what is missing and
// offers to open the pane. When the server cannot be reached the user is told once and may send again; that send is
// recorded when the server answers next.
import { postSendCheck, postSendEvent, type SendEvent } from "../api";
import { loadConfig, TokenProvider } from "../auth";
import {
  attachmentBase64,
  bodyType,
  displayLanguage,
  getBody,
  inlineAttachments,
  subject,
} from "../compose";
import { sha256Hex } from "../insert";
import {
  blockMessage,
  checkMessage,
  citedAgreements,
  needsServer,
  sendWord,
  type InlineImage,
} from "../sendcheck";
import {
  forgetWarning,
  queueUncheckedSend,
  rememberWarning,
  setUncheckedSends,
  uncheckedSends,
  warnedRecently,
} from "../sendcache";
import { uiLanguage } from "../taskpane/strings";

/** The ribbon button that opens the pane (manifest: extensions[0].ribbons…controls[0].id). */
export const OPEN_PANE_COMMAND = "OpenMentionsButton";
/** Outlook shows "taking longer" after 5 s: the server gets less than that. */
const CHECK_TIMEOUT_MS = 4000;

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function images(): Promise<InlineImage[]> {
  const found: InlineImage[] = [];
  for (const a of (await inlineAttachments()).slice(0, 20)) {
    try {
      found.push({
        name: a.name,
        hash: await sha256Hex(base64Bytes(await attachmentBase64(a.id))),
      });
    } catch {
      // Not a file (an item or a cloud link): not a logo.
    }
  }
  return found;
}

function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(16).padStart(2, "0")
  ).join("");
}

/** Reports the sends that left unchecked while the server was down; those it cannot report stay queued. */
async function flushUnchecked(token: string | null): Promise<void> {
  const pending = uncheckedSends();
  if (pending.length === 0) return;
  const failed: SendEvent[] = [];
  for (const e of pending) {
    try {
      await postSendEvent(token, e, CHECK_TIMEOUT_MS);
    } catch {
      failed.push(e);
    }
  }
  setUncheckedSends(failed);
}

export async function onMessageSendHandler(event: Office.MailboxEvent): Promise<void> {
  const lang = uiLanguage(displayLanguage());
  const now = new Date();
  // SHA-256 of an empty subject, until the real one is read.
  let subjectHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  let cited: string[] = [];
  try {
    const type = await bodyType();
    const body = await getBody(type);
    cited = citedAgreements(body);
    if (!needsServer(cited)) {
      event.completed({ allowEvent: true });
      return;
    }
    subjectHash = await sha256Hex(new TextEncoder().encode(await subject()));
    const found = await images();
    const tokens = new TokenProvider(await loadConfig());
    let token: string | null = null;
    let data;
    try {
      token = await tokens.token();
      data = await postSendCheck(
        token,
        cited,
        found.map((i) => i.hash),
        CHECK_TIMEOUT_MS
      );
    } catch {
      // Unreachable, timed out, or refused (an ApiError): the check cannot be made.
      serverDown(event, lang, subjectHash, cited, now);
      return;
    }
    forgetWarning();
    await flushUnchecked(token);
    const problems = checkMessage(body, type, found, data, now);
    if (problems.length === 0) {
      event.completed({ allowEvent: true });
      return;
    }
    const organisationIds = [...new Set(problems.map((p) => p.organisationId))];
    try {
      await postSendEvent(
        token,
        {
          id: newId(),
          kind: "blocked",
          subjectHash,
          agreementIds: cited,
          organisationIds,
          at: now.toISOString(),
        },
        1500
      );
    } catch {
      // The block stands even if it could not be recorded.
    }
    event.completed({
      allowEvent: false,
      errorMessage: blockMessage(problems, lang),
      cancelLabel: sendWord(lang, "open"),
      commandId: OPEN_PANE_COMMAND,
    });
  } catch {
    // The check itself failed (not the server): as when the server is down, the user is told and may send.
    serverDown(event, lang, subjectHash, cited, now);
  }
}

/** softBlock: the first Send is stopped with the reason; a second one within minutes goes out and is queued for the record. */
function serverDown(
  event: Office.MailboxEvent,
  lang: "fr" | "en",
  subjectHash: string,
  cited: string[],
  now: Date
): void {
  if (warnedRecently(subjectHash, now)) {
    forgetWarning();
    queueUncheckedSend({
      id: newId(),
      kind: "unchecked",
      subjectHash,
      agreementIds: cited,
      organisationIds: [],
      at: now.toISOString(),
    });
    event.completed({ allowEvent: true });
    return;
  }
  rememberWarning(subjectHash, now);
  event.completed({ allowEvent: false, errorMessage: sendWord(lang, "down") });
}

Office.actions.associate(
  "onMessageSendHandler",
  (event: Office.MailboxEvent) => void onMessageSendHandler(event)
);
