// End to end through the Microsoft 365 Agents Playground: the tutor offers a site visit, the coordinator matches it
// and a student signs up to it; the coordinator publishes a workshop (one place, two
// invited classes), both students get the invitation from the fan-out queue, one signs up, the other joins the
// waiting list, the tutor (the Playground's UI user) offers to speak from the list card, the first student cancels
// and the second is promoted and told on a card.
// Starts nothing: Azurite, the bot and the Playground must be running (scripts/services.sh, see tests/e2e/run.sh).
// Env: BOT_URL, PLAYGROUND_URL, CHROMIUM, E2E_ARTIFACTS, as lib/playground.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, BOT_URL, cardText, invokeAs, lastCard, openPlayground, parisToday, PlaygroundLog, say, stepper, useBrowser,
} from './lib/playground.mjs';

// tools/playground/.m365agentsplayground.yml: the Playground fills in each user's aadObjectId. Schools and classes are
// the demo roster's (bot/Features/Roster/demo-roster.csv): a class is named by its school's UAI and its slug.
const TUTOR_USER_ID = 'user-id-0'; // Claire Martin, the UI user, of a partner company
const COORDINATOR_USER_ID = 'user-id-4'; // Inès Morel
const YASMINE_USER_ID = 'user-id-1'; // Tle STI2D, lycée de l'Étoile (0139904Z)
const LUCAS_USER_ID = 'user-id-3'; // MP2 (CPGE, 2nd year), lycée Sainte-Victoire (0139905Z)
const ETOILE = '0139904Z';
const SAINTE_VICTOIRE = '0139905Z';
const WAIT = 20_000; // the fan-out worker polls its queue every 2 s

const log = new PlaygroundLog({ timeout: WAIT });
const browser = useBrowser(log, { profilePrefix: 'tutorbot-e2e-ws-', timeout: WAIT });

test('a visit is offered, matched and signed up to; a workshop is published, students sign up and cancel, the waiting list moves', { timeout: 120_000 }, async (t) => {
  const { page } = browser;
  const step = stepper(t, page, log, 'workshops');

  await step('open the Playground; the coordinator and both students have written to the bot once', async () => {
    await openPlayground(page, log, { link: [COORDINATOR_USER_ID, YASMINE_USER_ID, LUCAS_USER_ID] });
  });

  // An invoke must name a message of the conversation: the help card the UI user asks for.
  const helpCard = await step('a card to act from', async () => {
    const mark = log.entries.length;
    await say(page, 'help');
    await lastCard(page).getByText('What I can do').waitFor();
    await lastCard(page).getByText('see workshops, sign up, speak, take attendance').waitFor();
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
        duration: '180', capacity: '10',
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
      ...match, data: { ...match.data, schools: ETOILE, classes: `${ETOILE}-tle-sti2d` },
    });
    assert.match(cardText(matched.value), /Visit published: invitations are on their way\./);
    // Booked in the offering employee's stored mailbox: the card names her, never an address.
    assert.match(cardText(matched.value), /Booked in the calendar of: Claire Martin/);
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
        schools: `${ETOILE},${SAINTE_VICTOIRE}`,
        classes: `${ETOILE}-tle-sti2d,${SAINTE_VICTOIRE}-mp2`,
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
    await say(page, 'workshops');
    const card = lastCard(page);
    await card.getByText('Workshops', { exact: true }).waitFor();
    const item = card.locator('.ac-container').filter({ hasText: place }).last();
    await item.getByText('1 / 1 taken, 1 waiting').waitFor();
    await item.getByRole('button', { name: "I'll speak" }).click();
    await lastCard(page).getByText('Thank you: your offer to speak has gone to the coordinators, who will answer here.').waitFor();
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
