// The send-time check (Smart Alerts OnMessageSend, softBlock): its pure rules (addin/src/sendcheck.ts) without Office,
// then the real launchevent.js bundle in headless Chromium against the office.js stand-in, as Outlook runs it when
// the user presses Send: no partnership cited, mention missing, logo without grant, a grant for another medium or
// logo version, all good (under a second), and the server down (told, may send, recorded when it is back).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AIX_PA, PA, PA_HASH, PA_LOGO, PA_LOGO_FILE, UPS, UPS_HASH, UPS_PA, agreementsFor, grant, sha256, NOW } from './fixtures.mjs';
import { launch, newContext, pressSend, send, startServer } from './harness.mjs';
import { blockMessage, checkMessage, citedAgreements, needsServer, readableText } from './.build/sendcheck.mjs';

const PA_MENTION_HTML = 'Avec le soutien de l&#39;association Passeport Avenir, partenaire de l&#39;UPS.';
const block = (inner, id = 'agr-ups-pa') => `<div data-tutorbot-mention="${id}"><!-- tutorbot-mention:${id} --><p>${inner}</p></div>`;
const WITH_LOGO = `<html><body><p>Bonjour,</p>${block(`<img src="cid:${PA_LOGO_FILE}" alt="Logo Passeport Avenir" height="48"><br>${PA_MENTION_HTML}`)}</body></html>`;
const MENTION_REMOVED = `<html><body><p>Bonjour,</p>${block(`<img src="cid:${PA_LOGO_FILE}" alt="Logo Passeport Avenir" height="48"><br>Avec nos amis.`)}</body></html>`;
const NO_PARTNERSHIP = '<html><body><p>Bonjour, une réunion jeudi ?</p></body></html>';
const PA_IMAGE = { name: PA_LOGO_FILE, hash: PA_HASH };
const paAttachment = { id: 'att-1', name: PA_LOGO_FILE, base64: PA_LOGO.toString('base64'), isInline: true };
const SUBJECT = 'Forum des métiers';

/** The send-check answer for a UPS correspondent citing UPS × Passeport Avenir. */
const answer = (grants = [grant(PA, PA_HASH)]) => ({ agreements: agreementsFor(UPS, [UPS_PA]), grants, logos: [{ hash: PA_HASH, organisationId: PA }] });

describe('send check: pure rules', () => {
  test('the partnerships a message cites are read from the markers, HTML or text', () => {
    assert.deepEqual(citedAgreements(WITH_LOGO), ['agr-ups-pa']);
    assert.deepEqual(citedAgreements(`${block('x')}${block('y', 'agr-aix-pa')}`), ['agr-ups-pa', 'agr-aix-pa']);
    assert.deepEqual(citedAgreements('Bonjour\n\n-- Mention de partenariat [agr-aix-pa] --\nAction menée…'), ['agr-aix-pa']);
    assert.deepEqual(citedAgreements(NO_PARTNERSHIP), []);
    assert.equal(needsServer([]), false, 'no partnership: decided without the server');
    assert.equal(needsServer(['agr-ups-pa']), true);
  });

  test('all good: the mention is there (entities and typographic quotes alike) and the logo has its grant', () => {
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE], answer(), NOW), []);
    const curly = WITH_LOGO.replaceAll('&#39;', '’');
    assert.deepEqual(checkMessage(curly, 'html', [PA_IMAGE], answer(), NOW), []);
    assert.equal(readableText('<p>A&amp;B&nbsp;<b>c</b></p>', 'html'), 'A&B c');
  });

  test('mention missing: the party and the agreement are named', () => {
    const problems = checkMessage(MENTION_REMOVED, 'html', [PA_IMAGE], answer(), NOW);
    assert.deepEqual(problems, [{ kind: 'mention-missing', agreementId: 'agr-ups-pa', title: UPS_PA.title, organisationId: PA, name: 'Passeport Avenir' }]);
    assert.match(blockMessage(problems, 'fr'), /Il manque la mention de Passeport Avenir \(UPS × Passeport Avenir\)/);
  });

  test('a logo without grant, or with a grant for another medium, logo version or time, is stopped', () => {
    const logoProblem = [{ kind: 'logo-without-grant', organisationId: PA, name: 'Passeport Avenir', hash: PA_HASH }];
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE], answer([]), NOW), logoProblem, 'no grant');
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE], answer([grant(PA, PA_HASH, { medium: 'poster' })]), NOW), logoProblem, 'another medium');
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE], answer([grant(PA, UPS_HASH)]), NOW), logoProblem, 'another logo version');
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE], answer([grant(PA, PA_HASH, { to: '2026-12-01T00:00:00Z' })]), NOW), logoProblem, 'expired');
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE], answer([grant(UPS, PA_HASH)]), NOW), logoProblem, 'granted by another organisation');
    // An image that is no partner's logo, and the caller's own logo, need nothing.
    assert.deepEqual(checkMessage(WITH_LOGO, 'html', [PA_IMAGE, { name: 'photo.png', hash: 'f'.repeat(64) }], answer(), NOW), []);
  });

  test('the stop message fits Smart Alerts (500 characters) in both languages', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ kind: 'mention-missing', agreementId: `a${i}`, title: `Convention numéro ${i}`, organisationId: `o${i}`, name: `Partenaire ${i}` }));
    for (const lang of ['fr', 'en']) assert.ok(blockMessage(many, lang).length <= 500);
    assert.match(blockMessage(many.slice(0, 1), 'en'), /The mention of Partenaire 0 \(Convention numéro 0\) is missing/);
    assert.equal(AIX_PA.parties.length, 2);
  });
});

describe('send check: launchevent.js in the stand-in', () => {
  let server;
  let base;
  let browser;
  before(async () => {
    ({ server, base } = await startServer());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  const compose = (body, attachments = [paAttachment]) => ({ bodyType: 'html', body, subject: SUBJECT, attachments });
  const events = (requests) => requests.filter((r) => r.path === '/api/addin/send-events').map((r) => JSON.parse(r.body));

  async function sent(api, config) {
    const { context, requests } = await newContext(browser, base, api);
    const { page, errors, completed } = await send(context, base, config);
    return { context, requests, page, errors, completed };
  }

  test('no partnership cited: sent at once, without calling the server', async () => {
    const { context, requests, completed, errors } = await sent({ sendCheck: answer() }, compose(NO_PARTNERSHIP, []));
    assert.equal(completed.allowEvent, true);
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('all good: the check answers in under a second and the message goes', async () => {
    const { context, requests, completed } = await sent({ sendCheck: answer() }, compose(WITH_LOGO));
    assert.equal(completed.allowEvent, true);
    assert.ok(completed.ms < 1000, `${completed.ms} ms`);
    const asked = JSON.parse(requests.find((r) => r.path === '/api/addin/send-check').body);
    assert.deepEqual(asked, { agreementIds: ['agr-ups-pa'], imageHashes: [PA_HASH] }, 'the images are sent as hashes only');
    await context.close();
  });

  for (const [name, body, grants, expected] of [
    ['mention missing', MENTION_REMOVED, [grant(PA, PA_HASH)], /Il manque la mention de Passeport Avenir/],
    ['logo without grant', WITH_LOGO, [], /Le logo de Passeport Avenir n’est couvert par aucun BAT/],
    ['grant for another medium', WITH_LOGO, [grant(PA, PA_HASH, { medium: 'website' })], /Le logo de Passeport Avenir/],
    ['grant for another logo version', WITH_LOGO, [grant(PA, UPS_HASH)], /Le logo de Passeport Avenir/],
  ]) {
    test(`${name}: the send stops, says what is missing, offers the pane, and is recorded`, async () => {
      const { context, requests, completed } = await sent({ sendCheck: answer(grants) }, compose(body));
      assert.equal(completed.allowEvent, false);
      assert.match(completed.errorMessage, expected);
      assert.equal(completed.commandId, 'OpenMentionsButton');
      assert.equal(completed.cancelLabel, 'Corriger');
      const [event] = events(requests);
      assert.equal(event.kind, 'blocked');
      assert.equal(event.subjectHash, sha256(Buffer.from(SUBJECT, 'utf8')));
      assert.deepEqual(event.organisationIds, [PA]);
      await context.close();
    });
  }

  test('server down: the user is told and may send; the unchecked send is recorded when the server is back', async () => {
    const api = { sendCheck: answer(), down: true };
    const { context, requests } = await newContext(browser, base, api);
    const { page, completed: first } = await send(context, base, compose(WITH_LOGO));
    assert.equal(first.allowEvent, false);
    assert.match(first.errorMessage, /TutorBot est injoignable/);
    const second = await pressSend(page);
    assert.equal(second.allowEvent, true, 'softBlock: the second Send goes');
    assert.deepEqual(events(requests), []);

    api.down = false;
    const third = await pressSend(page);
    assert.equal(third.allowEvent, true);
    const [event] = events(requests);
    assert.equal(event.kind, 'unchecked');
    assert.deepEqual(event.agreementIds, ['agr-ups-pa']);
    await context.close();
  });
});
