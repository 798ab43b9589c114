// End to end through the Microsoft 365 Agents Playground: the programme's people are the demo roster's rows
// (bot/Features/Roster/demo-roster.csv) and the Playground's users are among them (tools/playground/*.yml).
// 1. A student's first message links her account through the identity path (the connector's member lookup by UPN)
//    and she is greeted by first name and role (issue 11).
// 2. A logo approval (BAT) asked by the coordinator reaches the UPS's correspondent on a card, she approves it in the
//    Playground, a second click changes nothing, and the requester is told on a card (issue 14).
// 3. A coordinator pairs a tutor and a student through the pairing API; each gets an introduction card (issue 16).
// The coordinator acts on the API with the local sign-in (Development, loopback, Roster__LocalSignIn=true).
// Starts nothing: Azurite, the bot (with Demo__RosterFile) and the Playground must be running (tests/e2e/run.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionsOf, BOT_URL, cardText, firstMessageAs, invokeAs, linkAs, openPlayground, PlaygroundLog, stepper, useBrowser,
} from './lib/playground.mjs';

// Playground users (tools/playground/.m365agentsplayground.yml), each a row of the demo roster.
const YASMINE = 'user-id-1'; // student, Tle STI2D, lycée de l'Étoile
const KARIM = 'user-id-2'; // tutor, Calanques Ingénierie
const LUCAS = 'user-id-3'; // student without a tutor in the roster, MP2, lycée Sainte-Victoire
const COORDINATOR = 'user-id-4'; // Inès Morel
const HELENE = 'user-id-5'; // the UPS's correspondent for joint communication
const COORDINATOR_LOGIN = process.env.COORDINATOR_LOGIN ?? 'ines.morel@passeport-avenir.example';
const SAINTE_VICTOIRE = '0139905Z';
const WAIT = 20_000;

const log = new PlaygroundLog({ timeout: WAIT });
const browser = useBrowser(log, { profilePrefix: 'tutorbot-e2e-people-', timeout: WAIT });

/** A call to the bot's API as the coordinator, through the local sign-in; the parsed body and the status. */
async function asCoordinator(method, path, body) {
  const init = { method, headers: { 'X-Roster-Person': COORDINATOR_LOGIN, 'Accept-Language': 'en' } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${BOT_URL}${path}`, init);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

test('a student\'s first message links her account: she is greeted by first name and role', { timeout: 60_000 }, async (t) => {
  const { page } = browser;
  const step = stepper(t, page, log, 'people-link');
  await step('open the Playground', async () => {
    await openPlayground(page, log);
  });

  const { conversationId, mark } = await step('Yasmine writes to the bot for the first time, in French', async () => firstMessageAs(log, YASMINE, 'bonjour', 'fr-FR'));

  const first = await step('the bot answers at once', async () => log.cardTo(YASMINE, mark, /./, 'the answer to her first message'));
  const firstText = cardText(first.request.body.attachments[0].content);
  if (!/Un instant/.test(firstText)) {
    // A store that outlived an earlier run knows her already: she is answered as a student at once.
    t.diagnostic(`Yasmine was linked by an earlier run on this storage: ${firstText.split('\n')[0]}`);
    assert.match(firstText, /Je n'ai pas compris|Ce que je sais faire/);
    return;
  }

  await step('she is linked by her UPN and greeted by first name and role, in her language', async () => {
    assert.match(firstText, /Je vérifie que vous faites partie du programme Passeport Avenir/);
    const greeting = await log.cardTo(YASMINE, mark, /Bonjour Yasmine !/, 'the greeting to Yasmine');
    const text = cardText(greeting.request.body.attachments[0].content);
    assert.match(text, /Vous êtes inscrit·e comme élève du programme de tutorat\./);
    assert.match(text, /Bienvenue dans TutorBot/);
    assert.equal(greeting.conversationId, conversationId, 'in the chat she wrote in');
    assert.doesNotMatch(text, /Benali/, 'by first name only');
  });

  await step('her next message is answered as a student, without another check', async () => {
    const again = log.entries.length;
    await firstMessageAs(log, YASMINE, 'aide', 'fr-FR');
    const help = await log.cardTo(YASMINE, again, /./, 'the answer to her second message');
    const text = cardText(help.request.body.attachments[0].content);
    assert.match(text, /Ce que je sais faire/);
    assert.doesNotMatch(text, /Un instant/);
  });
});

test('a BAT asked by the coordinator is approved by the UPS\'s correspondent in the Playground, and the requester is told', { timeout: 90_000 }, async (t) => {
  const { page } = browser;
  const step = stepper(t, page, log, 'people-bat');
  await step('the coordinator and the UPS\'s correspondent have written to the bot once', async () => {
    await linkAs(log, COORDINATOR);
    await linkAs(log, HELENE);
  });

  const logo = await step('the UPS\'s logo is on file', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#1d4e89"/></svg>';
    const form = new FormData();
    form.append('file', new Blob([svg], { type: 'image/svg+xml' }), 'ups.svg');
    const { status, json, text } = await asCoordinator('POST', '/api/partners/organisations/ups/logos', form);
    assert.ok(status === 201 || status === 200, `logo upload: ${status} ${text}`);
    return json.hash;
  });

  const mark = log.entries.length;
  const request = await step('the coordinator asks the UPS to approve its logo on an e-mail', async () => {
    const now = Date.now();
    const draft = Buffer.from(`<html><body><p>Forum des métiers ${now.toString(36)}, avec l'UPS.</p></body></html>`).toString('base64');
    const { status, json, text } = await asCoordinator('POST', '/api/addin/bat-requests', {
      organisationId: 'ups', logoHash: logo, medium: 'email', from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 30 * 86_400_000).toISOString(), draft,
    });
    assert.equal(status, 201, text);
    assert.equal(json.status, 'pending');
    return json;
  });

  const card = await step('the decision card reaches the correspondent', async () => {
    const entry = await log.waitFor(
      (e, i) => i >= mark && e.from === 'User Application' && e.activityName === 'message' && e.request?.body?.recipient?.id === HELENE
        && e.response?.statusCode >= 200 && e.response?.statusCode < 300
        && actionsOf(e.request.body.attachments?.[0]?.content ?? {}).some((a) => a.data?.batRequest === request.id),
      'the BAT card to the UPS\'s correspondent',
    );
    const content = entry.request.body.attachments[0].content;
    assert.match(cardText(content), /Logo approval \(BAT\) request|Demande de BAT/);
    return { entry, actions: actionsOf(content).filter((a) => a.data?.batRequest === request.id) };
  });

  const approve = card.actions.find((a) => a.data.batDecision === 'approve');
  assert.ok(approve, `the card offers to approve: ${JSON.stringify(card.actions.map((a) => a.data))}`);

  await step('she approves it in the Playground', async () => {
    const answer = await invokeAs(HELENE, card.entry.conversationId, card.entry.messageId, approve);
    assert.match(cardText(answer.value), /Your answer is recorded: .*\. The requester is told\.|Votre réponse est enregistrée/);
  });

  await step('a second click (a stale card, another device) changes nothing', async () => {
    const again = await invokeAs(HELENE, card.entry.conversationId, card.entry.messageId, approve);
    assert.match(cardText(again.value), /already been answered|déjà reçu une réponse|déjà été/);
  });

  await step('the requester is told on a card', async () => {
    const told = await log.cardTo(COORDINATOR, mark, /Your BAT request for|Votre demande de BAT/, 'the answer card to the coordinator');
    assert.match(cardText(told.request.body.attachments[0].content), /approved|approuv/i);
    const { json } = await asCoordinator('GET', '/api/addin/bat-requests');
    assert.equal(json.find((r) => r.id === request.id)?.status, 'approved');
  });
});

test('a coordinator pairs a tutor and a student through the API: both get an introduction card in the Playground', { timeout: 90_000 }, async (t) => {
  const { page } = browser;
  const step = stepper(t, page, log, 'people-pairing');
  await step('the tutor and the student have written to the bot once', async () => {
    await linkAs(log, KARIM);
    await linkAs(log, LUCAS);
  });

  const lucas = await step('the coordinator finds the student and a pairable tutor', async () => {
    const refreshed = await asCoordinator('POST', '/api/pairing/tutors/refresh');
    assert.equal(refreshed.status, 200, refreshed.text);
    const list = await asCoordinator('GET', `/api/pairing/schools/${SAINTE_VICTOIRE}/priority`);
    assert.equal(list.status, 200, list.text);
    let student = list.json.students.find((s) => s.firstName === 'Lucas' && s.lastName === 'Ferreira');
    assert.ok(student, 'Lucas is a student of the school');
    if (student.pairId) {
      // A store that outlived an earlier run: that pair ends first (ended pairs keep their history).
      t.diagnostic('Lucas was paired by an earlier run: ending that pair first');
      const ended = await asCoordinator('POST', `/api/pairing/pairs/${student.tutorId}/${student.pairId}/end`);
      assert.equal(ended.status, 200, ended.text);
      student = (await asCoordinator('GET', `/api/pairing/schools/${SAINTE_VICTOIRE}/priority`)).json.students.find((s) => s.id === student.id);
      assert.equal(student.pairId, null);
    }
    const suggestions = await asCoordinator('GET', `/api/pairing/schools/${SAINTE_VICTOIRE}/students/${student.id}/suggestions`);
    assert.equal(suggestions.status, 200, suggestions.text);
    const karim = suggestions.json.find((s) => s.name === 'Karim Aubert');
    assert.ok(karim?.pairable, `Karim Aubert is pairable: ${JSON.stringify(karim)}`);
    return { id: student.id, tutorId: karim.tutorId };
  });

  const mark = log.entries.length;
  await step('the coordinator pairs them', async () => {
    const { status, json, text } = await asCoordinator('POST', `/api/pairing/schools/${SAINTE_VICTOIRE}/pairs`, { studentId: lucas.id, tutorId: lucas.tutorId });
    assert.equal(status, 201, text);
    assert.equal(json.status, 'active');
  });

  await step('the tutor gets the introduction card', async () => {
    // By its title: a pair ended just before (a rerun) sends its own notice mentioning the student.
    const card = await log.cardTo(KARIM, mark, /Your Passeport Avenir pairing|Votre binôme Passeport Avenir/, 'the introduction card to the tutor');
    assert.match(cardText(card.request.body.attachments[0].content), /You now tutor Lucas Ferreira|Vous accompagnez désormais Lucas Ferreira/);
  });

  await step('the student gets the introduction card', async () => {
    const card = await log.cardTo(LUCAS, mark, /Your Passeport Avenir pairing|Votre binôme Passeport Avenir/, 'the introduction card to the student');
    assert.match(cardText(card.request.body.attachments[0].content), /Your tutor is Karim Aubert|Votre tuteur ou tutrice est Karim Aubert/);
  });
});
