// End to end through the Microsoft 365 Agents Playground in headless Chromium: the tutor proposes a session
// (one refused submit, one accepted), the student confirms, the tutor's card changes in place.
// Starts nothing: Azurite, the bot and the Playground must be running (scripts/services.sh, see tests/e2e/run.sh).
// Env: BOT_URL (http://127.0.0.1:3978), PLAYGROUND_URL (http://127.0.0.1:56150), CHROMIUM (/usr/bin/chromium),
//      E2E_ARTIFACTS (.data/e2e: screenshots and the Playground log on failure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, cardText, invokeAs, isMessageTo, lastCard, openPlayground, parisToday, parts, pickDate, pickTime,
  PlaygroundLog, say, stepper, useBrowser,
} from './lib/playground.mjs';

const TUTOR = 'Claire Martin';
const STUDENT = 'Yasmine Benali';
const STUDENT_USER_ID = 'user-id-1'; // tools/playground/.m365agentsplayground.yml; the Playground fills in the aadObjectId

const log = new PlaygroundLog();
const browser = useBrowser(log, { profilePrefix: 'tutorbot-e2e-' });

test('the tutor proposes a session in the Playground, the student confirms, the tutor card follows', { timeout: 90_000 }, async (t) => {
  const { page } = browser;
  const step = stepper(t, page, log);
  const pickDateChecked = async (isoDate) => {
    const field = await pickDate(page, 'Select a date...', isoDate);
    const { day: d, month, year } = parts(isoDate);
    assert.equal(await field.inputValue(), `${month} ${d}, ${year}`);
  };

  await step('open the Playground; the student has written to the bot once', async () => {
    await openPlayground(page, log, { link: [STUDENT_USER_ID] });
  });

  await step('welcome card', async () => {
    // The bot welcomes a conversation once: on a store that already knows it, "help" shows the same list.
    // The Playground's conversationUpdate carries no locale, so the welcome comes in the bot's default language (French).
    const welcomeTitle = /Welcome to TutorBot|Bienvenue dans TutorBot/;
    const welcomed = log.botActivities().some((e) => welcomeTitle.test(JSON.stringify(e.request.body)));
    if (!welcomed) {
      t.diagnostic('conversation already welcomed by an earlier run: asking for help instead');
      await say(page, 'help');
    }
    const card = lastCard(page);
    if (welcomed) {
      await page.locator('.ac-adaptiveCard').filter({ hasText: welcomeTitle }).first().waitFor();
    } else {
      await card.getByText('What I can do').waitFor();
      await card.getByText('propose a tutoring session to your student (tutors)').waitFor();
    }
  });

  await step('ask for the form', async () => {
    await say(page, 'séance');
    await lastCard(page).getByText(`Propose a session to ${STUDENT}`).waitFor();
    for (const label of ['Date', 'Time (Paris)', 'Length', 'Place', 'Teams meeting', 'At the company', 'At the school']) {
      await lastCard(page).getByText(label, { exact: true }).waitFor();
    }
    assert.equal(await lastCard(page).locator('input[type=radio][value=teams]').isChecked(), true, 'Teams meeting is the default place');
    await lastCard(page).getByRole('button', { name: 'Send the proposal' }).waitFor();
  });

  const cardsBefore = await page.locator('.ac-adaptiveCard').count();
  const mark = log.entries.length;

  await step('a time already passed is refused', async () => {
    await pickDateChecked(parisToday());
    await pickTime(page, 'Select a time...', '12:00 AM'); // midnight today in Paris: always past
    await lastCard(page).getByRole('button', { name: 'Send the proposal' }).click();
    await lastCard(page).getByText('That time has already passed: choose a time to come.').waitFor();
    await lastCard(page).getByRole('button', { name: 'Send the proposal' }).waitFor();
    assert.equal(await page.locator('.ac-adaptiveCard').count(), cardsBefore, 'the form is replaced in place, not repeated');
    assert.deepEqual(log.messagesTo(STUDENT_USER_ID, mark), [], 'no invitation is sent for a refused form');
  });

  const day = addDays(parisToday(), 3);
  const { day: d, month, year } = parts(day);
  const when = `${d} ${month} ${year}, 14:30`;

  await step('a valid proposal', async () => {
    await pickDateChecked(day);
    await pickTime(page, 'Select a time...', '2:30 PM');
    await lastCard(page).getByRole('button', { name: 'Send the proposal' }).click();
    const card = lastCard(page);
    await card.getByText(`Session with ${STUDENT}`).waitFor();
    await card.getByText(`Proposal sent to ${STUDENT}: waiting for an answer.`).waitFor();
    await card.getByText(when).waitFor();
    await card.getByText('60 min').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Send the proposal' }).count(), 0);
    const refused = log.messagesTo(STUDENT_USER_ID, mark).map((e) => `${e.response?.statusCode} ${JSON.stringify(e.response?.body)}`);
    assert.equal(await card.getByText('could not be reached').count(), 0, `the bot could not deliver the invitation to ${STUDENT}: ${refused.join('; ') || 'no attempt in the Playground log'}`);
    assert.equal(await page.locator('.ac-adaptiveCard').count(), cardsBefore, 'the status replaces the form in place');
  });

  const invitation = await step('the invitation reaches the student', async () => {
    // A conversation stored by an earlier Playground (the storage outlived it) answers 404 ConversationNotFound: the
    // bot then opens a new 1:1 conversation and sends again, so what counts is the first send the Playground accepted.
    const entry = await log.waitFor(
      (e, i) => i >= mark && isMessageTo(e, STUDENT_USER_ID) && e.response?.statusCode >= 200 && e.response?.statusCode < 300,
      `invitation card accepted by the Playground for ${STUDENT} (${STUDENT_USER_ID})`,
    );
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
    const card = lastCard(page);
    await card.getByText(`${STUDENT} confirmed the session.`).waitFor();
    await card.getByText(when).waitFor();
    assert.equal(await card.getByText('waiting for an answer').count(), 0);
    assert.equal(await page.locator('.ac-adaptiveCard').count(), cardsBefore, 'the tutor card is updated, not repeated');
  });

  await step('a second click changes nothing', async () => {
    const again = await invokeAs(STUDENT_USER_ID, invitation.conversationId, invitation.messageId, confirm);
    assert.match(cardText(again.value), /You already answered this proposal: nothing was changed\./);
    await lastCard(page).getByText(`${STUDENT} confirmed the session.`).waitFor();
  });
});
