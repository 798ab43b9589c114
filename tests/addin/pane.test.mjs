// The task pane in headless Chromium, in a stand-in compose window (office-standin.js), against the API answered by
// route interception: the exact body it leaves, the inline attachments, what it records, what it says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AIX, AIX_PA, PA, PA_HASH, PA_LOGO, PA_LOGO_FILE, UPS, UPS_HASH, UPS_LOGO, UPS_LOGO_FILE, UPS_PA, agreementsFor, grant, sha256,
} from './fixtures.mjs';
import { axeViolations, compose, details, launch, newContext, openPane, startServer, waitStatus } from './harness.mjs';
import { t } from './.build/strings.mjs';

const SUBJECT = 'Communiqué : la rentrée des tuteurs';
const SUBJECT_HASH = sha256(Buffer.from(SUBJECT, 'utf8'));
const HTML = '<html><body><p>Bonjour,</p><p>Cordialement</p></body></html>';
const AFTER_HELLO = '<html><body><p>Bonjour,</p>'.length;
const withAtEnd = (block) => `<html><body><p>Bonjour,</p><p>Cordialement</p>${block}</body></html>`;

const PA_BLOCK_LOGO =
  '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
  `<p><img src="cid:${PA_LOGO_FILE}" alt="Logo Passeport Avenir" height="48"><br>` +
  'Avec le soutien de l&#39;association Passeport Avenir, partenaire de l&#39;UPS.' +
  '<br><a href="https://www.passeport-avenir.com/">www.passeport-avenir.com</a></p></div>';
const PA_BLOCK_TEXT =
  '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
  '<p>Avec le soutien de l&#39;association Passeport Avenir, partenaire de l&#39;UPS.' +
  '<br><a href="https://www.passeport-avenir.com/">www.passeport-avenir.com</a></p></div>';
const UPS_BLOCK_LOGO =
  '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
  `<p><img src="cid:${UPS_LOGO_FILE}" alt="Logo UPS" height="48"><br>` +
  'En partenariat avec l’UPS (Union des professeurs de classes préparatoires scientifiques).' +
  '<br><a href="https://prepas.org/">prepas.org</a></p></div>';
const AIX_BLOCK =
  '<div data-tutorbot-mention="agr-aix-pa"><!-- tutorbot-mention:agr-aix-pa -->' +
  '<p>Action menée avec la participation de l’académie d’Aix-Marseille.</p></div>';

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

const html = (extra = {}) => ({ bodyType: 'html', body: HTML, cursor: AFTER_HELLO, subject: SUBJECT, ...extra });
const logos = { [PA_HASH]: PA_LOGO, [UPS_HASH]: UPS_LOGO };
const posts = (requests) => requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));

async function pane(api, composeConfig, ready = t('fr', 'ready')) {
  const { context, requests } = await newContext(browser, base, api);
  const { page, errors } = await openPane(context, base, composeConfig, ready);
  return { context, requests, page, errors };
}

async function insert(page, { agreements = [], lang = 'fr', end = false, commercial = false, english = false } = {}) {
  for (const title of agreements) await page.getByLabel(title, { exact: true }).check();
  if (english) await page.getByLabel('English', { exact: true }).check();
  if (end) await page.getByLabel(t(lang, 'atEnd'), { exact: true }).check();
  if (commercial) await page.getByRole('switch', { name: t(lang, 'commercial') }).check();
  await page.getByRole('button', { name: t(lang, 'insert') }).click();
}

describe('task pane', () => {
  test('mention only: inserted at the cursor as HTML, recorded with the subject hash only', async () => {
    const api = { agreements: agreementsFor(PA), grants: [], logos };
    const { context, requests, page, errors } = await pane(api, html());
    await insert(page, { agreements: [AIX_PA.title] });
    await waitStatus(page, t('fr', 'inserted', { names: 'Académie d’Aix-Marseille' }));
    const c = await compose(page);
    assert.equal(c.body, `<html><body><p>Bonjour,</p>${AIX_BLOCK}<p>Cordialement</p></body></html>`);
    assert.deepEqual(c.attachments, []);
    assert.equal(c.calls.indexOf('body.getTypeAsync') < c.calls.indexOf('body.setSelectedDataAsync'), true);
    assert.deepEqual(posts(requests), [{ agreementId: AIX_PA.id, organisationId: AIX, subjectHash: SUBJECT_HASH }]);
    assert.ok(requests.every((r) => !(r.body ?? '').includes('rentrée')), 'the subject never leaves the pane');
    assert.ok(requests.every((r) => r.headers.authorization === undefined), 'no sign-in configured: no token');
    assert.deepEqual(await details(page), [t('fr', 'withoutLogo', { name: 'Académie d’Aix-Marseille' })]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('mention with logo: a granted BAT puts the logo inline (cid) at the end, recorded with its hash', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos };
    const { context, requests, page } = await pane(api, html());
    await insert(page, { agreements: [UPS_PA.title], end: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'Passeport Avenir' }));
    const c = await compose(page);
    assert.equal(c.body, withAtEnd(PA_BLOCK_LOGO));
    assert.deepEqual(c.attachments, [{ id: 'attachment-1', name: PA_LOGO_FILE, base64: PA_LOGO.toString('base64'), isInline: true }]);
    assert.ok(c.calls.indexOf('addFileAttachmentFromBase64Async') < c.calls.indexOf('body.setAsync'));
    assert.deepEqual(posts(requests), [{ agreementId: UPS_PA.id, organisationId: PA, logoHash: PA_HASH, subjectHash: SUBJECT_HASH }]);
    assert.ok(requests.some((r) => r.path === '/api/addin/grants' && r.query === '?medium=email'));
    assert.deepEqual(await details(page), [t('fr', 'withLogo', { name: 'Passeport Avenir' })]);
    await context.close();
  });

  test('no BAT: the mention goes in as text and the pane says a BAT can be requested', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH, { medium: 'print' })], logos };
    const { context, page } = await pane(api, html());
    await insert(page, { agreements: [UPS_PA.title], end: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'Passeport Avenir' }));
    const c = await compose(page);
    assert.equal(c.body, withAtEnd(PA_BLOCK_TEXT));
    assert.deepEqual(c.attachments, []);
    assert.deepEqual(await details(page), [t('fr', 'batRequestable', { name: 'Passeport Avenir' })]);
    await context.close();
  });

  test('a logo file that is not the approved version never goes in', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos: { [PA_HASH]: UPS_LOGO } };
    const { context, page } = await pane(api, html());
    await insert(page, { agreements: [UPS_PA.title], end: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'Passeport Avenir' }));
    const c = await compose(page);
    assert.equal(c.body, withAtEnd(PA_BLOCK_TEXT));
    assert.deepEqual(c.attachments, []);
    assert.deepEqual(await details(page), [t('fr', 'logoUnavailable', { name: 'Passeport Avenir' })]);
    await context.close();
  });

  test('two partnerships: both blocks at the end, one inline logo, two records', async () => {
    const api = { agreements: agreementsFor(PA), grants: [grant(UPS, UPS_HASH)], logos };
    const { context, requests, page } = await pane(api, html());
    await insert(page, { agreements: [UPS_PA.title, AIX_PA.title], end: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'UPS, Académie d’Aix-Marseille' }));
    const c = await compose(page);
    assert.equal(c.body, withAtEnd(UPS_BLOCK_LOGO + AIX_BLOCK));
    assert.deepEqual(c.attachments.map((a) => [a.name, a.isInline]), [[UPS_LOGO_FILE, true]]);
    assert.deepEqual(posts(requests), [
      { agreementId: UPS_PA.id, organisationId: UPS, logoHash: UPS_HASH, subjectHash: SUBJECT_HASH },
      { agreementId: AIX_PA.id, organisationId: AIX, subjectHash: SUBJECT_HASH },
    ]);
    await context.close();
  });

  test('English: Outlook in English shows the pane in English and inserts the English mention', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos };
    const { context, page } = await pane(api, html({ displayLanguage: 'en-US' }), t('en', 'ready'));
    assert.equal(await page.locator('h1').textContent(), t('en', 'title'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByLabel('English', { exact: true }).isChecked(), true);
    await insert(page, { agreements: [UPS_PA.title], lang: 'en', end: true });
    await waitStatus(page, t('en', 'inserted', { names: 'Passeport Avenir' }));
    assert.equal(
      (await compose(page)).body,
      withAtEnd(
        '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
          `<p><img src="cid:${PA_LOGO_FILE}" alt="Logo Passeport Avenir" height="48"><br>` +
          'With the support of the Passeport Avenir association, a partner of UPS.' +
          '<br><a href="https://www.passeport-avenir.com/">www.passeport-avenir.com</a></p></div>',
      ),
    );
    await context.close();
  });

  test('French pane, message language switched to English', async () => {
    const api = { agreements: agreementsFor(PA), grants: [], logos };
    const { context, page } = await pane(api, html());
    await insert(page, { agreements: [AIX_PA.title], english: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'Académie d’Aix-Marseille' }));
    assert.equal(
      (await compose(page)).body,
      '<html><body><p>Bonjour,</p><div data-tutorbot-mention="agr-aix-pa"><!-- tutorbot-mention:agr-aix-pa -->' +
        '<p>Carried out with the participation of the Aix-Marseille education authority.</p></div><p>Cordialement</p></body></html>',
    );
    await context.close();
  });

  test('plain-text body: plain text at the end, no logo even with a grant, no HTML coercion', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos };
    const { context, requests, page } = await pane(api, { bodyType: 'text', body: 'Bonjour,\n\nCordialement\n', subject: SUBJECT });
    await insert(page, { agreements: [UPS_PA.title], end: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'Passeport Avenir' }));
    const c = await compose(page);
    assert.equal(
      c.body,
      'Bonjour,\n\nCordialement\n\n' +
        '-- Mention de partenariat [agr-ups-pa] --\n' +
        "Avec le soutien de l'association Passeport Avenir, partenaire de l'UPS.\n" +
        'www.passeport-avenir.com : https://www.passeport-avenir.com/',
    );
    assert.deepEqual(c.attachments, []);
    assert.ok(c.calls.includes('body.getAsync:text') && !c.calls.includes('body.getAsync:html'));
    assert.ok(!requests.some((r) => r.path.startsWith('/api/addin/logos/')), 'no logo fetched for a text body');
    assert.deepEqual(await details(page), [t('fr', 'textBody', { name: 'Passeport Avenir' })]);
    await context.close();
  });

  test("commercial switch on: Passeport Avenir's name is refused, the body is untouched, nothing recorded", async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos };
    const { context, requests, page } = await pane(api, html());
    await insert(page, { agreements: [UPS_PA.title], commercial: true, end: true });
    await waitStatus(page, t('fr', 'nothingInserted'));
    const c = await compose(page);
    assert.equal(c.body, HTML);
    assert.deepEqual(c.attachments, []);
    assert.ok(!c.calls.includes('body.setAsync') && !c.calls.includes('body.setSelectedDataAsync'));
    assert.deepEqual(posts(requests), []);
    assert.deepEqual(await details(page), [t('fr', 'refusedCommercial', { name: 'Passeport Avenir' })]);
    await context.close();
  });

  test('pressed twice: one block, one attachment, one record; again after reopening the pane on that body', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos };
    const { context, requests, page } = await pane(api, html());
    await insert(page, { agreements: [UPS_PA.title], end: true });
    await waitStatus(page, t('fr', 'inserted', { names: 'Passeport Avenir' }));
    await page.getByRole('button', { name: t('fr', 'insert') }).click();
    await waitStatus(page, t('fr', 'nothingInserted'));
    assert.deepEqual(await details(page), [t('fr', 'alreadyInserted', { title: UPS_PA.title })]);
    const c = await compose(page);
    assert.equal(c.body, withAtEnd(PA_BLOCK_LOGO));
    assert.equal(c.attachments.length, 1);
    assert.equal(posts(requests).length, 1);

    // A new pane (new session) on the draft as it is now: the marker in the body is enough.
    const { page: again } = await openPane(context, base, html({ body: c.body }), t('fr', 'ready'));
    await insert(again, { agreements: [UPS_PA.title] });
    await waitStatus(again, t('fr', 'nothingInserted'));
    const c2 = await compose(again);
    assert.equal(c2.body, c.body);
    assert.deepEqual(c2.attachments, []);
    assert.equal(posts(requests).length, 1);
    await context.close();
  });

  test('API down: the pane says so, inserts the mention text last received, never a logo, and records later', async () => {
    const api = { agreements: agreementsFor(UPS), grants: [grant(PA, PA_HASH)], logos };
    const { context, requests, page } = await pane(api, html());
    await page.close();
    api.down = true;
    const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const [head, tail] = t('fr', 'offline', { date: '\u0000' }).split('\u0000');
    const offline = new RegExp(`^${esc(head)}.+${esc(tail)}$`);
    const { page: down } = await openPane(context, base, html(), offline);
    assert.equal(await down.locator('#status').getAttribute('class'), 'offline');
    await insert(down, { agreements: [UPS_PA.title], end: true });
    await waitStatus(down, t('fr', 'inserted', { names: 'Passeport Avenir' }));
    const c = await compose(down);
    assert.equal(c.body, withAtEnd(PA_BLOCK_TEXT));
    assert.deepEqual(c.attachments, []);
    assert.deepEqual(await details(down), [t('fr', 'offlineNoLogo', { name: 'Passeport Avenir' }), t('fr', 'notRecorded')]);
    assert.deepEqual(posts(requests), []);

    // Back online: the record kept while offline is sent when the pane opens.
    api.down = false;
    await openPane(context, base, html(), t('fr', 'ready'));
    assert.deepEqual(posts(requests), [{ agreementId: UPS_PA.id, organisationId: PA, subjectHash: SUBJECT_HASH }]);
    await context.close();
  });

  test('API down and nothing received yet: nothing can be inserted', async () => {
    const api = { agreements: agreementsFor(UPS), down: true };
    const { context, page } = await pane(api, html(), t('fr', 'offlineNoCache'));
    assert.equal(await page.getByRole('button', { name: t('fr', 'insert') }).isDisabled(), true);
    await context.close();
  });

  test('403 from the API: the pane says the caller is no correspondent, no cached fallback', async () => {
    const api = { agreements: agreementsFor(UPS), status: 403 };
    const { context, page } = await pane(api, html(), t('fr', 'forbidden'));
    assert.equal(await page.locator('#partnership-list input').count(), 0);
    await context.close();
  });

  test('keyboard only: tab to a partnership, space to tick it, enter on the button', async () => {
    const api = { agreements: agreementsFor(PA), grants: [], logos };
    const { context, page } = await pane(api, html());
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    for (let i = 0; i < 12 && (await focused()) !== 'agreement-1'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'agreement-1');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Space');
    for (let i = 0; i < 12 && (await focused()) !== 'insert'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'insert');
    await page.keyboard.press('Enter');
    await waitStatus(page, t('fr', 'inserted', { names: 'Académie d’Aix-Marseille' }));
    await context.close();
  });

  test('axe: no serious or critical violation, loaded and after an insertion, in French and English', async () => {
    for (const lang of ['fr', 'en']) {
      const api = { agreements: agreementsFor(UPS), grants: [], logos };
      const { context, page } = await pane(api, html({ displayLanguage: lang === 'en' ? 'en-GB' : 'fr-FR' }), t(lang, 'ready'));
      assert.deepEqual(await axeViolations(page), []);
      await insert(page, { agreements: [UPS_PA.title], lang, commercial: true });
      await waitStatus(page, t(lang, 'nothingInserted'));
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    }
  });
});
