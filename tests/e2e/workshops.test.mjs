// End to end through the Microsoft 365 Agents Playground: the tutor offers a site visit, the coordinator matches it
// and a student signs up to it; the coordinator publishes a workshop (one place, two
// invited classes), both students get the invitation from the fan-out queue, one signs up, the other joins the
// waiting list, the tutor (the Playground's UI user) offers to speak from the list card, the first student cancels
// and the second is promoted and told on a card.
// Starts nothing: Azurite, the bot and the Playground must be running (scripts/services.sh, see tests/e2e/run.sh).
// Env: BOT_URL, PLAYGROUND_URL, CHROMIUM, E2E_ARTIFACTS, as playground.test.mjs.
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

// tools/playground/.m365agentsplayground.yml: the Playground fills in each user's aadObjectId.
const TUTOR_USER_ID = 'user-id-0'; // Claire Martin, the UI user, of a partner company
const COORDINATOR_USER_ID = 'user-id-4'; // Inès Morel
const YASMINE_USER_ID = 'user-id-1'; // Terminale STI2D, lycée de l'Étoile
const LUCAS_USER_ID = 'user-id-3'; // CPGE MP 2e année, lycée Sainte-Victoire
const WAIT = 20_000; // the fan-out worker polls its queue every 2 s

function parisToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

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

  async waitFor(predicate, what, timeout = WAIT) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.entries.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Playground log: no ${what} within ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The first card the bot sent to a user after an entry index whose text matches. */
  cardTo(userId, mark, pattern, what) {
    return this.waitFor(
      (e, i) => i >= mark && e.from === 'User Application' && e.activityName === 'message' && e.request?.body?.recipient?.id === userId
        // A chat stored by an earlier Playground answers 404 and the bot opens a new one: the delivered copy counts.
        && e.response?.statusCode >= 200 && e.response?.statusCode < 300
        && pattern.test(cardText(e.request.body.attachments?.[0]?.content ?? {})),
      what,
    );
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

let context;
let page;
let userDataDir;
const log = new PlaygroundLog();

before(async () => {
  for (const [name, url] of [['bot', `${BOT_URL}/readyz`], ['Playground', `${PLAYGROUND_URL}/`]]) {
    const res = await fetch(url).catch((e) => ({ ok: false, status: e.cause?.code ?? e.message }));
    assert.ok(res.ok, `the ${name} is not ready at ${url} (${res.status}): start the services first (tests/e2e/run.sh explains)`);
  }
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutorbot-e2e-ws-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(WAIT);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  page = context.pages()[0] ?? (await context.newPage());
  log.attach(page);
});

after(async () => {
  await context?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

test('a visit is offered, matched and signed up to; a workshop is published, students sign up and cancel, the waiting list moves', { timeout: 120_000 }, async (t) => {
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      const result = await fn();
      t.diagnostic(`${name}: ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const shot = path.join(ARTIFACTS, `${stamp}-workshops-${name.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      fs.writeFileSync(shot.replace(/\.png$/, '.log.json'), JSON.stringify(log.entries, null, 1));
      throw new Error(`step "${name}" failed (screenshot: ${shot}): ${error.message}`, { cause: error });
    }
  };
  const lastCard = () => page.locator('.ac-adaptiveCard').last();
  const say = async (text) => {
    await page.locator('[contenteditable=true][data-lexical-editor=true]').click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };

  await step('open the Playground', async () => {
    await page.goto(PLAYGROUND_URL);
    await page.locator('[contenteditable=true][data-lexical-editor=true]').waitFor();
    await log.waitFor((e) => e.activityName === 'conversationUpdate' && e.to === 'User Application', 'conversationUpdate answered by the bot');
  });

  // An invoke must name a message of the conversation: the help card the UI user asks for.
  const helpCard = await step('a card to act from', async () => {
    const mark = log.entries.length;
    await say('help');
    await lastCard().getByText('What I can do').waitFor();
    await lastCard().getByText('see workshops, sign up, speak, take attendance').waitFor();
    return log.waitFor((e, i) => i >= mark && e.from === 'User Application' && e.activityName === 'message' && e.messageId, 'help card');
  });

  // A place name unique to this run, so a store that outlived an earlier run does not confuse the cards.
  const place = `Lycée de l'Étoile, amphithéâtre ${Date.now().toString(36)}`;
  const site = `Centrale de Gardanne ${Date.now().toString(36)}`;
  const markOffer = log.entries.length;

  await step('the tutor, a partner employee, offers a site visit', async () => {
    const offered = await invokeAs(TUTOR_USER_ID, helpCard.conversationId, helpCard.messageId, {
      title: 'Offer the visit',
      verb: 'offerVisit',
      data: {
        site, address: 'Route de Biver, 13120 Gardanne', city: 'Marseille', date: addDays(parisToday(), 20), time: '09:30',
        duration: '180', capacity: '10', mailbox: 'claire.martin@provence-energie.example',
      },
    });
    assert.match(cardText(offered.value), /Visit offered: a coordinator will match it to nearby schools\./);
  });

  // The coordinator acts from the cards the bot sends her: the Playground only lets a user act in a chat she is in.
  const matchCard = await step('the coordinator is asked to match the visit, and matches it', async () => {
    const entry = await log.cardTo(COORDINATOR_USER_ID, markOffer, new RegExp(site), 'match card to the coordinator');
    const card = entry.request.body.attachments[0].content;
    const match = card.actions.find((a) => a.verb === 'matchVisit');
    assert.ok(match, 'the match card has a publish button');
    const matched = await invokeAs(COORDINATOR_USER_ID, entry.conversationId, entry.messageId, {
      ...match, data: { ...match.data, schools: 'lycee-etoile', classes: 'etoile-tle-sti2d' },
    });
    assert.match(cardText(matched.value), /Visit published: invitations are on their way and the visit is booked/);
    return entry;
  });

  await step('Yasmine is invited to the visit and signs up', async () => {
    const entry = await log.cardTo(YASMINE_USER_ID, markOffer, new RegExp(site), 'visit invitation to Yasmine');
    const signUp = entry.request.body.attachments[0].content.actions.find((a) => a.verb === 'signUpWorkshop');
    const answer = await invokeAs(YASMINE_USER_ID, entry.conversationId, entry.messageId, signUp);
    assert.match(cardText(answer.value), /You are signed up!|Vous êtes inscrit\(e\) !/);
    // No mailbox of hers is stored: the visit reaches her calendar through a signed .ics link, which serves the file.
    const ics = answer.value.actions.find((a) => a.type === 'Action.OpenUrl' && /\/ics\//.test(a.url));
    assert.ok(ics, 'the card offers the .ics file');
    const file = await fetch(`${BOT_URL}${new URL(ics.url).pathname}`);
    assert.equal(file.status, 200);
    assert.match(await file.text(), new RegExp(`BEGIN:VEVENT[\\s\\S]*${site}`));
  });

  const mark = log.entries.length;

  await step('the coordinator publishes a workshop with one place for two classes', async () => {
    const published = await invokeAs(COORDINATOR_USER_ID, matchCard.conversationId, matchCard.messageId, {
      title: 'Publish and invite the students',
      verb: 'publishWorkshop',
      data: {
        type: 'jobsForum',
        schools: 'lycee-etoile,lycee-sainte-victoire',
        classes: 'etoile-tle-sti2d,sainte-victoire-mp2',
        date: addDays(parisToday(), 10),
        time: '14:00',
        duration: '120',
        place,
        capacity: '1',
        speakers: '1',
      },
    });
    assert.match(cardText(published.value), /Workshop published: invitations are on their way/);
  });

  const invitations = await step('both invited students get the invitation from the queue', async () => {
    const byStudent = {};
    for (const userId of [YASMINE_USER_ID, LUCAS_USER_ID]) {
      const entry = await log.cardTo(userId, mark, new RegExp(place), `invitation to ${userId}`);
      const status = entry.response?.statusCode;
      assert.ok(status >= 200 && status < 300, `the Playground refused the invitation to ${userId}: ${status} ${JSON.stringify(entry.response?.body)}`);
      const card = entry.request.body.attachments[0].content;
      const signUp = card.actions.find((a) => a.verb === 'signUpWorkshop');
      assert.ok(signUp, 'the invitation has a sign-up button');
      byStudent[userId] = { conversationId: entry.conversationId, messageId: entry.messageId, signUp };
    }
    return byStudent;
  });

  await step('Yasmine signs up and gets the place', async () => {
    const { conversationId, messageId, signUp } = invitations[YASMINE_USER_ID];
    const answer = await invokeAs(YASMINE_USER_ID, conversationId, messageId, signUp);
    assert.match(cardText(answer.value), /You are signed up!|Vous êtes inscrit\(e\) !/);
  });

  await step('Lucas finds it full and joins the waiting list', async () => {
    const { conversationId, messageId, signUp } = invitations[LUCAS_USER_ID];
    const answer = await invokeAs(LUCAS_USER_ID, conversationId, messageId, signUp);
    assert.match(cardText(answer.value), /Full: you are number 1 on the waiting list|Complet : vous êtes n° 1 sur la liste d'attente/);
  });

  await step('the tutor sees the workshop in the Playground and offers to speak', async () => {
    await say('workshops');
    const card = lastCard();
    await card.getByText('Workshops', { exact: true }).waitFor();
    const item = card.locator('.ac-container').filter({ hasText: place }).last();
    await item.getByText('1 / 1 taken, 1 waiting').waitFor();
    await item.getByRole('button', { name: "I'll speak" }).click();
    await lastCard().getByText('Thank you: you are signed up as a speaker.').waitFor();
  });

  const beforeCancel = log.entries.length;
  await step('Yasmine cancels', async () => {
    const { conversationId, messageId } = invitations[YASMINE_USER_ID];
    const answer = await invokeAs(YASMINE_USER_ID, conversationId, messageId, { title: 'Cancel my place', verb: 'cancelWorkshop', data: invitations[YASMINE_USER_ID].signUp.data });
    assert.match(cardText(answer.value), /Your sign-up is cancelled\.|Votre inscription est annulée\./);
  });

  await step('Lucas is promoted from the waiting list and told on a card', async () => {
    const entry = await log.cardTo(LUCAS_USER_ID, beforeCancel, /a place came free|une place s'est libérée/, 'promotion card to Lucas');
    const status = entry.response?.statusCode;
    assert.ok(status >= 200 && status < 300, `the Playground refused the promotion card: ${status}`);
    assert.match(cardText(entry.request.body.attachments[0].content), new RegExp(place));
  });
});
