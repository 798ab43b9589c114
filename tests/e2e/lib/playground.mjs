// Shared plumbing of the end-to-end tests: headless Chromium on the Microsoft 365 Agents Playground, its log stream,
// its internal invoke API, the Fluent UI pickers of Adaptive Card inputs and Paris calendar helpers.
// Not a test file itself: node --test only runs files named like tests (*.test.mjs and the like).
// Env: BOT_URL (http://127.0.0.1:3978), PLAYGROUND_URL (http://127.0.0.1:56150), CHROMIUM (/usr/bin/chromium),
//      E2E_ARTIFACTS (.data/e2e: screenshots and the Playground log on failure).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { chromium } = createRequire(path.join(root, 'tools/'))('playwright-core');

/** The bot's base URL, without a trailing slash. */
export const BOT_URL = (process.env.BOT_URL ?? 'http://127.0.0.1:3978').replace(/\/$/, '');
/** The Playground's base URL, without a trailing slash. */
export const PLAYGROUND_URL = (process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:56150').replace(/\/$/, '');
/** The Chromium executable Playwright drives. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Where a failing step leaves its screenshot and the Playground log. */
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(root, '.data/e2e');
/** The default wait, in ms, for the log and for Playwright. */
export const WAIT = 15_000;

// ---- Paris calendar helpers (the bot reads dates and times as Paris wall-clock time) ----

/** Today's date in Paris, yyyy-MM-dd. */
export function parisToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The yyyy-MM-dd date a number of days after another. */
export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The day, English month name and year of a yyyy-MM-dd date: { day: 28, month: 'November', year: 2026 }. */
export function parts(isoDate) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  const month = d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return { day: d.getUTCDate(), month, year: d.getUTCFullYear() };
}

/** The aria-label of a day in the Fluent UI calendar of Input.Date: "28, November, 2026". */
export function calendarDayLabel(isoDate) {
  const { day, month, year } = parts(isoDate);
  return `${day}, ${month}, ${year}`;
}

// ---- Adaptive Cards (JSON) ----

/** All the text of an Adaptive Card (JSON), for assertions on an invoke response. */
export function cardText(card) {
  const out = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      if (typeof node.text === 'string') out.push(node.text);
      if (typeof node.title === 'string' && typeof node.value === 'string') out.push(`${node.title}: ${node.value}`);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** Every Action.Execute of a card, wherever it sits (actions, ActionSets in the body). */
export function actionsOf(card) {
  const out = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      if (node.type === 'Action.Execute') out.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

// ---- The Playground's log and API ----

/** True when a Playground log entry is a message the bot sent to the given user. */
export function isMessageTo(entry, userId) {
  return entry.from === 'User Application' && entry.activityName === 'message' && entry.request?.body?.recipient?.id === userId;
}

/** Entries of the Playground's log stream (its websocket), which carries every activity both ways in full. */
export class PlaygroundLog {
  entries = [];

  /** A log whose waitFor gives up after `timeout` ms by default. */
  constructor({ timeout = WAIT } = {}) {
    this.timeout = timeout;
  }

  /** Records the log stream of a page from now on. */
  attach(page) {
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/_ws/log/stream')) return;
      ws.on('framereceived', ({ payload }) => {
        try {
          const frame = JSON.parse(String(payload));
          if (frame.log) this.entries.push(frame.log);
        } catch {
          // not JSON: ignore
        }
      });
    });
  }

  /** Activities the bot sent (message or update), newest last. */
  botActivities() {
    return this.entries.filter((e) => e.from === 'User Application' && e.request?.body);
  }

  /** Messages the bot sent to a user after the given entry count. */
  messagesTo(userId, mark) {
    return this.entries.slice(mark).filter((e) => isMessageTo(e, userId));
  }

  /** The first entry matching `predicate(entry, index)`, waiting for it up to `timeout` ms. */
  async waitFor(predicate, what, timeout = this.timeout) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.entries.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Playground log: no ${what} within ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The first card the bot delivered (2xx) to a user after an entry index whose text matches. */
  cardTo(userId, mark, pattern, what) {
    return this.waitFor(
      (e, i) => i >= mark && isMessageTo(e, userId)
        // A chat stored by an earlier Playground answers 404 and the bot opens a new one: the delivered copy counts.
        && e.response?.statusCode >= 200 && e.response?.statusCode < 300
        && pattern.test(cardText(e.request.body.attachments?.[0]?.content ?? {})),
      what,
    );
  }
}

/** Clicks an Adaptive Card action as another user of the Playground (its internal API, as the UI does for the current user). */
export async function invokeAs(userId, conversationId, replyToId, action) {
  const res = await fetch(`${PLAYGROUND_URL}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', title: action.title, verb: action.verb, data: action.data } },
      from: { id: userId },
      conversation: { id: conversationId },
      replyToId,
    }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `invoke as ${userId}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

// ---- The browser ----

/** Checks that the bot and the Playground answer, then opens headless Chromium with `log` attached: { context, page, close }. */
export async function launchBrowser(log, { profilePrefix = 'tutorbot-e2e-', timeout = WAIT } = {}) {
  for (const [name, url] of [['bot', `${BOT_URL}/readyz`], ['Playground', `${PLAYGROUND_URL}/`]]) {
    const res = await fetch(url).catch((e) => ({ ok: false, status: e.cause?.code ?? e.message }));
    assert.ok(res.ok, `the ${name} is not ready at ${url} (${res.status}): start the services first (tests/e2e/run.sh explains)`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  const removeProfile = () => fs.rmSync(userDataDir, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    timezoneId: 'Europe/Paris', // the date picker's "today" is then Paris's, like the bot's
    viewport: { width: 1280, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }).catch((error) => {
    removeProfile();
    throw error;
  });
  context.setDefaultTimeout(timeout);
  // Offline, the Playground's only outside requests (Segoe UI fonts) would hang until they time out.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  const page = context.pages()[0] ?? (await context.newPage());
  log.attach(page);
  const close = async () => {
    await context.close();
    removeProfile();
  };
  return { context, page, close };
}

/** Registers before/after hooks that launch the browser (launchBrowser) and close it; returns an object that gets its `page`. */
export function useBrowser(log, options) {
  const browser = {};
  before(async () => {
    Object.assign(browser, await launchBrowser(log, options));
  });
  after(async () => {
    await browser.close?.();
  });
  return browser;
}

/** A step(name, fn) for test `t`: runs fn, reports its duration, and on failure saves a screenshot and the log to ARTIFACTS. */
export function stepper(t, page, log, tag) {
  return async (name, fn) => {
    const started = Date.now();
    try {
      const result = await fn();
      t.diagnostic(`${name}: ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const shot = path.join(ARTIFACTS, `${stamp}-${tag ? `${tag}-` : ''}${name.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      fs.writeFileSync(shot.replace(/\.png$/, '.log.json'), JSON.stringify(log.entries, null, 1));
      throw new Error(`step "${name}" failed (screenshot: ${shot}): ${error.message}`, { cause: error });
    }
  };
}

// ---- The Playground's UI ----

/** The chat's message box. */
export function editor(page) {
  return page.locator('[contenteditable=true][data-lexical-editor=true]');
}

/** The newest Adaptive Card of the chat. */
export function lastCard(page) {
  return page.locator('.ac-adaptiveCard').last();
}

/** An input of the newest card, by its aria-label (the placeholder of Input.Date and Input.Time). */
export function cardInput(page, label) {
  return lastCard(page).locator(`input[aria-label="${label}"]`);
}

/** Types a message as the Playground's user and sends it. */
export async function say(page, text) {
  await editor(page).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A card that tells a linked person apart: the help list, or the welcome after linking (French or English). */
export const KNOWN = /What I can do|Ce que je sais faire|Welcome to TutorBot|Bienvenue dans TutorBot/;

/**
 * Opens the Playground as its UI user and waits until the bot knows her: her page load (conversationUpdate) and a
 * "help" link her through the identity path the first time (a "one moment" card, then the welcome by name), and
 * get the help list once she is known. Then links the other users named in `link` by their first message
 * (firstMessageAs). Returns the conversation of each of them: { [userId]: conversationId }.
 */
export async function openPlayground(page, log, { link = [] } = {}) {
  const mark = log.entries.length;
  // Not the "load" event: the Playground's fonts are blocked offline, and the message box is what counts.
  // Its bundle is large: on a busy 2-core machine the first load alone can take most of the default wait.
  await page.goto(PLAYGROUND_URL, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await editor(page).waitFor({ timeout: 60_000 });
  const update = await log.waitFor((e, i) => i >= mark && e.activityName === 'conversationUpdate' && e.to === 'User Application', 'conversationUpdate answered by the bot');
  const me = update.request?.body?.from?.id ?? (await playgroundConfig()).currentUser.id;
  await say(page, 'help');
  await log.cardTo(me, mark, KNOWN, `the bot knows the Playground's user ${me} (welcome or help)`);
  const chats = {};
  for (const userId of link) {
    chats[userId] = (await linkAs(log, userId)).conversationId;
  }
  return chats;
}

/** The Playground's configuration: { currentUser, users, tenantId, bot } (its internal config API). */
export async function playgroundConfig() {
  const res = await fetch(`${PLAYGROUND_URL}/_internal/v1/config`);
  assert.equal(res.status, 200, `Playground config: HTTP ${res.status}`);
  return (await res.json()).config;
}

/**
 * A user's message to the bot in her own 1:1 chat, as Teams sends it when someone who is not the Playground's UI
 * user opens the app and writes: the chat is opened on the Playground's connector (as Teams opens the app's chat),
 * then the message goes through the Playground's custom activity API (its "mock an activity"), from her, with the
 * Entra object id the Playground knows her by. The bot finds her through the member lookup like anyone else.
 * Returns { conversationId, mark } (the log index before the message).
 */
export async function firstMessageAs(log, userId, text = 'help', locale = 'en-US') {
  const config = await playgroundConfig();
  const user = config.users.find((u) => u.id === userId);
  assert.ok(user, `${userId} is not a user of the Playground (tools/playground/*.yml)`);
  const opened = await fetch(`${PLAYGROUND_URL}/_connector/v3/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      bot: { id: config.bot.id }, members: [{ id: userId }], isGroup: false, tenantId: config.tenantId,
      channelData: { tenant: { id: config.tenantId } },
    }),
  });
  const chat = await opened.json();
  assert.equal(opened.status, 201, `opening ${userId}'s chat: HTTP ${opened.status} ${JSON.stringify(chat)}`);
  const mark = log.entries.length;
  const sent = await fetch(`${PLAYGROUND_URL}/_internal/v1/customActivities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id: `first-${Date.now().toString(36)}`, text, textFormat: 'plain', locale, channelId: 'msteams',
      serviceUrl: new URL('/_connector', PLAYGROUND_URL).toString().replace('127.0.0.1', 'localhost'),
      from: { id: userId, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: config.bot.id, name: config.bot.name },
      conversation: { id: chat.id, conversationType: 'personal', tenantId: config.tenantId },
      channelData: { tenant: { id: config.tenantId } },
      timestamp: new Date().toISOString(),
    }),
  });
  assert.equal(sent.status, 200, `the message of ${userId}: HTTP ${sent.status}`);
  return { conversationId: chat.id, mark };
}

/** Makes sure the bot knows a Playground user: her "help" in her own chat, answered by the welcome (first time) or the help list. */
export async function linkAs(log, userId) {
  const { conversationId, mark } = await firstMessageAs(log, userId, 'help');
  await log.cardTo(userId, mark, KNOWN, `the bot knows ${userId} (welcome or help)`);
  return { conversationId };
}

/** Picks a day in the Fluent UI calendar of an Input.Date of the newest card (up to two months ahead); returns the input. */
export async function pickDate(page, placeholder, isoDate) {
  const field = cardInput(page, placeholder);
  await field.click();
  const calendar = page.getByRole('dialog').last();
  const day = calendar.locator(`button[aria-label="${calendarDayLabel(isoDate)}"]`);
  for (let i = 0; i < 2 && (await day.count()) === 0; i++) {
    await calendar.locator('button[title^="Next month"]').click();
  }
  await day.click();
  return field;
}

/** Picks a time ("2:30 PM") in the Fluent UI time picker of an Input.Time of the newest card (30-minute steps) and checks it. */
export async function pickTime(page, placeholder, text) {
  const field = cardInput(page, placeholder);
  await field.click();
  await page.getByRole('option', { name: text, exact: true }).click();
  assert.equal(await field.inputValue(), text);
}
