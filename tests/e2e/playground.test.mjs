// End to end through the Microsoft 365 Agents Playground in headless Chromium: the tutor proposes a session
// (one refused submit, one accepted), the student confirms, the tutor's card changes in place.
// Starts nothing: Azurite, the bot and the Playground must be running (scripts/services.sh, see tests/e2e/run.sh).
// Env: BOT_URL (http://127.0.0.1:3978), PLAYGROUND_URL (http://127.0.0.1:56150), CHROMIUM (/usr/bin/chromium),
//      E2E_ARTIFACTS (.data/e2e: screenshots and the Playground log on failure).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(path.join(root, 'tools/'))('playwright-core');

const BOT_URL = (process.env.BOT_URL ?? 'http://127.0.0.1:3978').replace(/\/$/, '');
const PLAYGROUND_URL = (process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:56150').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(root, '.data/e2e');

const TUTOR = 'Claire Martin';
const STUDENT = 'Yasmine Benali';
const STUDENT_USER_ID = 'user-id-1'; // tools/playground/.m365agentsplayground.yml; the Playground fills in the aadObjectId
const WAIT = 15_000;

// ---- Paris calendar helpers (the bot reads dates and times as Paris wall-clock time) ----

/** Today's date in Paris, yyyy-MM-dd. */
function parisToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function parts(isoDate) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  const month = d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return { day: d.getUTCDate(), month, year: d.getUTCFullYear() };
}

/** The aria-label of a day in the Fluent UI calendar of Input.Date: "28, November, 2026". */
function calendarDayLabel(isoDate) {
  const { day, month, year } = parts(isoDate);
  return `${day}, ${month}, ${year}`;
}

// ---- Playground plumbing ----

/** Entries of the Playground's log stream (its websocket), which carries every activity both ways in full. */
class PlaygroundLog {
  entries = [];

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

  /** Invitation cards sent to the student after the given entry count. */
  invitationsSince(mark) {
    return this.entries
      .slice(mark)
      .filter((e) => e.from === 'User Application' && e.activityName === 'message' && e.request?.body?.recipient?.id === STUDENT_USER_ID);
  }

  async waitFor(predicate, what, timeout = WAIT) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.entries.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Playground log: no ${what} within ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Clicks an Adaptive Card action as another user of the Playground (its internal API, as the UI does for the current user). */
async function invokeAs(userId, conversationId, replyToId, action) {
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

/** All the text of an Adaptive Card (JSON), for assertions on an invoke response. */
function cardText(card) {
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

// ---- The test ----

let context;
let page;
let userDataDir;
const log = new PlaygroundLog();

before(async () => {
  for (const [name, url] of [['bot', `${BOT_URL}/readyz`], ['Playground', `${PLAYGROUND_URL}/`]]) {
    const res = await fetch(url).catch((e) => ({ ok: false, status: e.cause?.code ?? e.message }));
    assert.ok(res.ok, `the ${name} is not ready at ${url} (${res.status}): start the services first (tests/e2e/run.sh explains)`);
  }
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutorbot-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    timezoneId: 'Europe/Paris', // the date picker's "today" is then Paris's, like the bot's
    viewport: { width: 1280, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(WAIT);
  // Offline, the Playground's only outside requests (Segoe UI fonts) would hang until they time out.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  page = context.pages()[0] ?? (await context.newPage());
  log.attach(page);
});

after(async () => {
  await context?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

test('the tutor proposes a session in the Playground, the student confirms, the tutor card follows', { timeout: 90_000 }, async (t) => {
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      const result = await fn();
      t.diagnostic(`${name}: ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const shot = path.join(ARTIFACTS, `${stamp}-${name.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      fs.writeFileSync(shot.replace(/\.png$/, '.log.json'), JSON.stringify(log.entries, null, 1));
      throw new Error(`step "${name}" failed (screenshot: ${shot}): ${error.message}`, { cause: error });
    }
  };
  const lastCard = () => page.locator('.ac-adaptiveCard').last();
  const input = (label) => lastCard().locator(`input[aria-label="${label}"]`);

  const pickDate = async (isoDate) => {
    await input('Select a date...').click();
    const calendar = page.getByRole('dialog').last();
    const day = calendar.locator(`button[aria-label="${calendarDayLabel(isoDate)}"]`);
    for (let i = 0; i < 2 && (await day.count()) === 0; i++) {
      await calendar.locator('button[title^="Next month"]').click();
    }
    await day.click();
    const { day: d, month, year } = parts(isoDate);
    assert.equal(await input('Select a date...').inputValue(), `${month} ${d}, ${year}`);
  };
  const pickTime = async (text) => {
    // The Fluent UI time picker of Input.Time: open its list (30-minute steps) and choose.
    const time = input('Select a time...');
    await time.click();
    await page.getByRole('option', { name: text, exact: true }).click();
    assert.equal(await time.inputValue(), text);
  };

  await step('open the Playground', async () => {
    await page.goto(PLAYGROUND_URL);
    await page.locator('[contenteditable=true][data-lexical-editor=true]').waitFor();
    await log.waitFor((e) => e.activityName === 'conversationUpdate' && e.to === 'User Application', 'conversationUpdate answered by the bot');
  });

  await step('welcome card', async () => {
    // The bot welcomes a conversation once: on a store that already knows it, "help" shows the same list.
    // The Playground's conversationUpdate carries no locale, so the welcome comes in the bot's default language (French).
    const welcomeTitle = /Welcome to TutorBot|Bienvenue dans TutorBot/;
    const welcomed = log.botActivities().some((e) => welcomeTitle.test(JSON.stringify(e.request.body)));
    if (!welcomed) {
      t.diagnostic('conversation already welcomed by an earlier run: asking for help instead');
      await page.locator('[contenteditable=true][data-lexical-editor=true]').click();
      await page.keyboard.type('help');
      await page.keyboard.press('Enter');
    }
    const card = lastCard();
    if (welcomed) {
      await card.getByText(welcomeTitle).waitFor();
    } else {
      await card.getByText('What I can do').waitFor();
      await card.getByText('propose a tutoring session to your student (tutors)').waitFor();
    }
  });

  await step('ask for the form', async () => {
    await page.locator('[contenteditable=true][data-lexical-editor=true]').click();
    await page.keyboard.type('séance');
    await page.keyboard.press('Enter');
    await lastCard().getByText(`Propose a session to ${STUDENT}`).waitFor();
    for (const label of ['Date', 'Time (Paris)', 'Length', 'Place', 'Teams meeting', 'At the company', 'At the school']) {
      await lastCard().getByText(label, { exact: true }).waitFor();
    }
    assert.equal(await lastCard().locator('input[type=radio][value=teams]').isChecked(), true, 'Teams meeting is the default place');
    await lastCard().getByRole('button', { name: 'Send the proposal' }).waitFor();
  });

  const cardsBefore = await page.locator('.ac-adaptiveCard').count();
  const mark = log.entries.length;

  await step('a time already passed is refused', async () => {
    await pickDate(parisToday());
    await pickTime('12:00 AM'); // midnight today in Paris: always past
    await lastCard().getByRole('button', { name: 'Send the proposal' }).click();
    await lastCard().getByText('That time has already passed: choose a time to come.').waitFor();
    await lastCard().getByRole('button', { name: 'Send the proposal' }).waitFor();
    assert.equal(await page.locator('.ac-adaptiveCard').count(), cardsBefore, 'the form is replaced in place, not repeated');
    assert.deepEqual(log.invitationsSince(mark), [], 'no invitation is sent for a refused form');
  });

  const day = addDays(parisToday(), 3);
  const { day: d, month, year } = parts(day);
  const when = `${d} ${month} ${year}, 14:30`;

  await step('a valid proposal', async () => {
    await pickDate(day);
    await pickTime('2:30 PM');
    await lastCard().getByRole('button', { name: 'Send the proposal' }).click();
    const card = lastCard();
    await card.getByText(`Session with ${STUDENT}`).waitFor();
    await card.getByText(`Proposal sent to ${STUDENT}: waiting for an answer.`).waitFor();
    await card.getByText(when).waitFor();
    await card.getByText('60 min').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Send the proposal' }).count(), 0);
    const refused = log.invitationsSince(mark).map((e) => `${e.response?.statusCode} ${JSON.stringify(e.response?.body)}`);
    assert.equal(await card.getByText('could not be reached').count(), 0, `the bot could not deliver the invitation to ${STUDENT}: ${refused.join('; ') || 'no attempt in the Playground log'}`);
    assert.equal(await page.locator('.ac-adaptiveCard').count(), cardsBefore, 'the status replaces the form in place');
  });

  const invitation = await step('the invitation reaches the student', async () => {
    const entry = await log.waitFor(
      (e, i) => i >= mark && e.from === 'User Application' && e.activityName === 'message' && e.request?.body?.recipient?.id === STUDENT_USER_ID,
      `invitation card sent to ${STUDENT} (${STUDENT_USER_ID})`,
    );
    // A 404 ConversationNotFound here means the bot reused a 1:1 conversation stored by an earlier Playground:
    // its storage outlived the Playground (persistent Azurite), and it does not open a new conversation then.
    const status = entry.response?.statusCode;
    assert.ok(status >= 200 && status < 300, `the Playground refused the invitation: ${status} ${JSON.stringify(entry.response?.body)} on conversation ${entry.conversationId}`);
    const card = entry.request.body.attachments?.[0]?.content;
    assert.ok(card, 'the invitation carries an Adaptive Card');
    assert.match(cardText(card), new RegExp(`${TUTOR}`), 'the invitation names the tutor');
    // In the student's language (unknown to the bot until she writes: French), so only the numbers are checked.
    assert.match(cardText(card), new RegExp(`\\b${d}\\b.*\\b${year}, 14:30`), 'the invitation shows the time chosen');
    return { conversationId: entry.conversationId, messageId: entry.messageId, card };
  });

  const confirm = invitation.card.actions.find((a) => a.verb === 'answerSession' && a.data?.answer === 'confirm');
  assert.ok(confirm, 'the invitation has a confirm button');

  await step('the student confirms', async () => {
    const answer = await invokeAs(STUDENT_USER_ID, invitation.conversationId, invitation.messageId, confirm);
    assert.match(cardText(answer.value), /You confirmed the session\. Claire Martin has been told\./);
  });

  await step("the tutor's card shows the answer in place", async () => {
    const card = lastCard();
    await card.getByText(`${STUDENT} confirmed the session.`).waitFor();
    await card.getByText(when).waitFor();
    assert.equal(await card.getByText('waiting for an answer').count(), 0);
    assert.equal(await page.locator('.ac-adaptiveCard').count(), cardsBefore, 'the tutor card is updated, not repeated');
  });

  await step('a second click changes nothing', async () => {
    const again = await invokeAs(STUDENT_USER_ID, invitation.conversationId, invitation.messageId, confirm);
    assert.match(cardText(again.value), /You already answered this proposal: nothing was changed\./);
    await lastCard().getByText(`${STUDENT} confirmed the session.`).waitFor();
  });
});
