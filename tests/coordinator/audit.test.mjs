// The audit view of the coordinator page against the real bot (started by run.sh): facts are chained into the log
// through the add-in's API (a stopped send, a mention inserted) with the demo's local sign-in, then the coordinator
// opens "Journal BAT": the year's summary per partner and every entry in order, an axe audit with no serious
// violation, the CSV download, and English.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const BOT = process.env.BOT_URL ?? 'http://127.0.0.1:3978';
const COORDINATOR = process.env.COORDINATOR_LOGIN ?? 'coordination@passeport-avenir.example';
const SHOTS = process.env.SHOTS ?? '.';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const UPS_AGREEMENT = 'ups-passeport-avenir-2016';
const subjectHash = createHash('sha256').update('Forum des métiers 2026').digest('hex');

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.TB_CHROMIUM || '/usr/bin/chromium' });
  // Two facts in the log, through the add-in's API as the add-in sends them.
  const post = (path, body) =>
    fetch(`${BOT}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Roster-Person': COORDINATOR }, body: JSON.stringify(body) });
  const blocked = await post('/api/addin/send-events', { id: 'e2e-blocked', kind: 'blocked', subjectHash, agreementIds: [UPS_AGREEMENT], organisationIds: ['ups'], at: new Date().toISOString() });
  assert.equal(blocked.status, 201, await blocked.text());
  const inserted = await post('/api/addin/insertions', { agreementId: UPS_AGREEMENT, organisationId: 'ups', subjectHash });
  assert.equal(inserted.status, 201, await inserted.text());
});
after(async () => {
  await browser?.close();
});

async function openAudit(locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  await context.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BOT}/coordinator`);
  await page.locator('#signin-person').selectOption(COORDINATOR);
  await page.locator('#signin-local').click();
  await page.locator('#nav-audit').click();
  await page.locator('#audit-entries').waitFor({ timeout: 15000 });
  return { context, page, errors };
}

async function audit(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

test('the coordinator reads the year of BATs, mentions and stopped sends, per partner and entry by entry', async () => {
  const { context, page, errors } = await openAudit('fr-FR');
  try {
    assert.equal(await page.getAttribute('#nav-audit', 'aria-current'), 'page');
    await page.getByRole('heading', { name: 'Journal des BAT, des logos et des mentions' }).waitFor();
    const rows = await page.locator('#audit-entries tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => r.includes('Envoi bloqué')), rows.join(' | '));
    assert.ok(rows.some((r) => r.includes('Mention insérée') && r.includes('e-mail')), rows.join(' | '));
    const summary = await page.getByRole('table', { name: /Synthèse/ }).innerText();
    assert.match(summary, /UPS/);
    // Nothing but organisations: no login or person id on the page.
    assert.doesNotMatch(await page.locator('main').innerText(), /coordination@|@passeport-avenir/);
    await audit(page, 'audit-1-view');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#audit-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    assert.match(csv.split('\r\n')[0], /^seq;at_utc;kind;actor;organisation;logo_hash;medium;subject_hash/);
    assert.ok(csv.includes('send.blocked') && csv.includes(subjectHash), csv);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('in English, with the same axe audit', async () => {
  const { context, page } = await openAudit('en-GB');
  try {
    await page.getByRole('heading', { name: 'Log of BATs, logos and mentions' }).waitFor();
    assert.ok((await page.locator('#audit-entries').innerText()).includes('Send stopped'));
    await audit(page, 'audit-2-english');
  } finally {
    await context.close();
  }
});
