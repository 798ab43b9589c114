// End to end through the Microsoft 365 Agents Playground: a whole tutoring cycle. The tutor (the Playground's
// user) proposes three slots, the student (through the Playground's API, as user-id-1) picks the first, which
// is soon enough that the hour-before reminder goes out at once; the student answers it and the tutor sees the
// answer; the tutor logs last week's demo session from "history", and the student rates it.
// Starts nothing: Azurite, the bot and the Playground must be running; the bot with a short outbox poll
// (Delivery__PollInterval=00:00:01), e.g. tb_start_bot 3990 Delivery__PollInterval=00:00:01 (scripts/services.sh).
// The Playground plumbing is in lib/playground.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionsOf, addDays, cardText, invokeAs, isMessageTo, lastCard, openPlayground, parisToday, pickDate, pickTime,
  PlaygroundLog, say, stepper, useBrowser,
} from './lib/playground.mjs';

const STUDENT = 'Yasmine Benali';
const STUDENT_USER_ID = 'user-id-1'; // tools/playground/.m365agentsplayground.yml; the Playground fills in the aadObjectId

const log = new PlaygroundLog();
const browser = useBrowser(log, { profilePrefix: 'tutorbot-e2e-' });

/** The next half hour in Paris at least 20 minutes ahead, today: { date, label ("2:30 PM") }, or null late in the day. */
function soonSlot() {
  const now = new Date(Date.now() + 20 * 60_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    .formatToParts(now).map((p) => [p.type, p.value]));
  let hour = Number(parts.hour);
  let minute = Number(parts.minute) <= 30 ? 30 : 0;
  if (minute === 0) hour += 1;
  // Students get no reminder between 21:00 and 08:00: keep the slot inside the day.
  if (hour >= 20 || hour < 9) return null;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return { date, label: `${h12}:${minute === 0 ? '00' : '30'} ${hour < 12 ? 'AM' : 'PM'}`, hhmm: `${String(hour).padStart(2, '0')}:${minute === 0 ? '00' : '30'}` };
}

test('a whole tutoring cycle: three slots, pick, reminder and answer, log, rating', { timeout: 150_000 }, async (t) => {
  const { page } = browser;
  const soon = soonSlot();
  if (!soon) {
    t.skip('too late in the Paris day for a reminder a student may receive; run it between 08:40 and 19:40 Paris time');
    return;
  }

  const step = stepper(t, page, log, 'cycle');
  /** The newest card the bot sent to the student after the given log mark, with the Playground's ids. */
  const toStudent = (mark, what, match = () => true) => log.waitFor(
    (e, i) => i >= mark && isMessageTo(e, STUDENT_USER_ID)
      && e.request.body.attachments?.[0]?.content && match(e.request.body.attachments[0].content),
    what,
  ).then((e) => ({ conversationId: e.conversationId, messageId: e.messageId, card: e.request.body.attachments[0].content }));

  await step('open the Playground; the student has written to the bot once', async () => {
    await openPlayground(page, log, { link: [STUDENT_USER_ID] });
  });

  const later = addDays(parisToday(), 4);
  const later2 = addDays(parisToday(), 5);
  let mark = log.entries.length;

  await step('propose three slots', async () => {
    await say(page, 'séance');
    await lastCard(page).getByText(`Propose a session to ${STUDENT}`).waitFor();
    await pickDate(page, 'Select a date...', soon.date);
    await pickTime(page, 'Select a time...', soon.label);
    await pickDate(page, 'Slot 2 date', later);
    await pickTime(page, 'Slot 2 time', '5:00 PM');
    await pickDate(page, 'Slot 3 date', later2);
    await pickTime(page, 'Slot 3 time', '6:30 PM');
    await lastCard(page).getByRole('button', { name: 'Send the proposal' }).click();
    await lastCard(page).getByText(`Proposal sent to ${STUDENT}: waiting for an answer.`).waitFor();
  });

  const invitation = await step('the invitation offers the three slots', async () => {
    const inv = await toStudent(mark, 'invitation to the student', (card) => actionsOf(card).some((a) => a.verb === 'answerSession'));
    const picks = actionsOf(inv.card).filter((a) => a.verb === 'answerSession' && a.data?.answer === 'confirm');
    assert.equal(picks.length, 3, `three slot buttons: ${JSON.stringify(picks.map((p) => p.title))}`);
    assert.match(picks[0].title, new RegExp(`${soon.hhmm}$`));
    return inv;
  });

  mark = log.entries.length;
  await step('the student picks the first slot; both see the confirmation', async () => {
    const first = actionsOf(invitation.card).find((a) => a.verb === 'answerSession' && a.data?.slot === '1');
    const answer = await invokeAs(STUDENT_USER_ID, invitation.conversationId, invitation.messageId, first);
    assert.match(cardText(answer.value), /You confirmed the session\. Claire Martin has been told\./);
    await page.getByText(`${STUDENT} confirmed the session.`).first().waitFor();
  });

  const reminder = await step('the hour-before reminder reaches both', async () => {
    await page.getByText(`Reminder: session in one hour with ${STUDENT}`).last().waitFor({ timeout: 30_000 });
    return toStudent(mark, 'reminder to the student', (card) => actionsOf(card).some((a) => a.verb === 'answerReminder'));
  });

  await step("the student's answer reaches the tutor at once", async () => {
    const confirm = actionsOf(reminder.card).find((a) => a.verb === 'answerReminder' && a.data?.answer === 'confirmed');
    const answer = await invokeAs(STUDENT_USER_ID, reminder.conversationId, reminder.messageId, confirm);
    assert.match(cardText(answer.value), /You confirmed you will be there\./);
    await page.getByText(new RegExp(`${STUDENT} confirms they will attend the session of`)).last().waitFor();
  });

  mark = log.entries.length;
  await step('the tutor logs last week\'s session from the history', async () => {
    await say(page, 'history');
    // A card edited later (the reminder, once answered) may move below the history: find cards by their titles.
    const history = page.locator('.ac-adaptiveCard', { hasText: `History with ${STUDENT}` }).last();
    await history.waitFor();
    await history.getByRole('button', { name: 'Log this session' }).first().click();
    const form = page.locator('.ac-adaptiveCard', { hasText: `Log of the session with ${STUDENT}` }).last();
    await form.waitFor();
    await form.getByText('The session took place').click();
    await form.getByText('Professional project').click();
    await form.getByText('Oral preparation').click();
    await form.getByRole('button', { name: 'Save the log' }).click();
    await page.getByText('Log saved: The session took place.').last().waitFor();
  });

  await step('the student rates it in one tap', async () => {
    const feedback = await toStudent(mark, 'rating card to the student', (card) => actionsOf(card).some((a) => a.verb === 'rateSession'));
    const best = actionsOf(feedback.card).find((a) => a.verb === 'rateSession' && a.data?.rating === '4');
    const answer = await invokeAs(STUDENT_USER_ID, feedback.conversationId, feedback.messageId, { ...best, data: { ...best.data, comment: 'Merci !' } });
    assert.match(cardText(answer.value), /Thank you for your feedback!/);
  });

  await step('the history shows the log and the rating', async () => {
    await say(page, 'history');
    const history = page.locator('.ac-adaptiveCard', { hasText: `History with ${STUDENT}` }).last();
    await history.getByText(/Professional project, Oral preparation/).first().waitFor();
    await history.getByText(/Very useful/).first().waitFor();
  });
});
