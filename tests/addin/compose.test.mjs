// The local compose window (issue 13, point 6) against the real bot (started by run.sh in Development, with the
// local sign-in and the demo roster), in headless Chromium: the page hosts the REAL task pane (the built
// addin/dist/taskpane.html, office.js replaced by addin/standin/office-standin.js), the newcomer picks a partnership
// and inserts, and the draft shown beside the pane changes; the pane's calls reach the real /api/addin/* (the
// insertion is recorded). Nothing but the bot is reachable. axe audit of the page (no serious violation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, launch } from './harness.mjs';

const BOT = process.env.BOT_URL;
const COORDINATOR = process.env.COORDINATOR_LOGIN ?? 'coordination@passeport-avenir.example';
const UPS_MENTION = "En partenariat avec l'Union des Professeurs de classes préparatoires Scientifiques (UPS).";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function openCompose(locale = 'fr-FR') {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 } });
  const apiCalls = [];
  await context.route('**/*', (route) => (route.request().url().startsWith(`${BOT}/`) ? route.fallback() : route.abort('blockedbyclient')));
  context.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/addin/')) apiCalls.push({ method: r.method(), path, person: r.headers()['x-roster-person'] });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BOT}/demo/compose`);
  return { context, page, apiCalls, errors };
}

const draftHtml = (page) => page.locator('#body').evaluate((f) => f.srcdoc);
// What the newcomer reads in the draft (the sandboxed frame renders the HTML body).
const draftText = (page) => page.frameLocator('#body').locator('body').innerText();
const state = (page) => page.locator('#pane').evaluate((f) => structuredClone(f.contentWindow.__compose));

test('compose window: the real pane inserts the UPS mention into the draft shown beside it', { skip: !BOT && 'BOT_URL not set' }, async () => {
  const { context, page, apiCalls, errors } = await openCompose();
  try {
    await page.locator('#person').selectOption(COORDINATOR);
    await page.frameLocator('#pane').getByText('Partenariats chargés.').waitFor({ timeout: 15000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await axeViolations(page), [], 'axe on the compose window');
    const before = await draftText(page);
    assert.ok(!before.includes(UPS_MENTION), 'no mention before the press');

    const pane = page.frameLocator('#pane');
    await pane.getByLabel(/UPS/).check();
    await pane.getByRole('button', { name: 'Insérer les mentions' }).click();
    await pane.getByText(/Mentions insérées/).waitFor({ timeout: 10000 });

    const after = await draftText(page);
    assert.ok(after.includes(UPS_MENTION), `the draft shows the mention: ${after}`);
    assert.ok((await draftHtml(page)).includes('href="https://prepas.org/"'), 'with the link UPS requires');
    // At the cursor: after the invitation, before the signature.
    assert.ok(after.indexOf(UPS_MENTION) < after.indexOf('Bien cordialement'), after);
    const compose = await state(page);
    assert.ok(compose.calls.includes('body.setSelectedDataAsync'), compose.calls.join(','));
    // The pane spoke to the real API as the demo person picked on the page, and recorded the insertion (before it reports).
    assert.ok(apiCalls.some((c) => c.path === '/api/addin/agreements' && c.person === COORDINATOR), JSON.stringify(apiCalls));
    assert.ok(apiCalls.some((c) => c.method === 'POST' && c.path === '/api/addin/insertions'), JSON.stringify(apiCalls));

    // Plain-text body: the page resets the draft and the pane inserts text.
    await page.locator('#format').selectOption('text');
    await page.frameLocator('#pane').getByText('Partenariats chargés.').waitFor({ timeout: 15000 });
    await pane.getByLabel(/UPS/).check();
    await pane.getByRole('button', { name: 'Insérer les mentions' }).click();
    await pane.getByText(/Mentions insérées/).waitFor({ timeout: 10000 });
    const text = await page.locator('#body-text').innerText();
    assert.ok(text.includes(UPS_MENTION) && !text.includes('<div'), text);
    assert.deepEqual(await axeViolations(page), [], 'axe on the text draft');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('compose window in English follows the browser language', { skip: !BOT && 'BOT_URL not set' }, async () => {
  const { context, page } = await openCompose('en-GB');
  try {
    await page.getByRole('heading', { name: 'Outlook compose window (local demo)' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  } finally {
    await context.close();
  }
});
