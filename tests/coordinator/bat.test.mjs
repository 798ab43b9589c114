// The BAT request view of the coordinator page (issue 14, point 1 "or the coordinator page") against the real bot
// (started by run.sh): the coordinator stores a UPS logo version through the partners' API, then asks UPS for a BAT
// on the page, with the draft as HTML text and as a PDF; the request reaches the same store the add-in's requests
// do (its draft's hash, the Paris period) and the list shows it pending. Wrong input is told beside its field, by
// the page or by the server, and nothing is created. A correspondent whose agreements have no partner logo is told
// so; a school referent has no such view. Each state passes an axe audit, in French and in English.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const BOT = process.env.BOT_URL ?? 'http://127.0.0.1:3978';
const COORDINATOR = process.env.COORDINATOR_LOGIN ?? 'coordination@passeport-avenir.example';
const SHOTS = process.env.SHOTS ?? '.';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

// A real 2x2 PNG: the logo version the coordinator asks about.
function tinyPng(rgb) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.from([0, ...rgb, ...rgb]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat([row, row]))), chunk('IEND', Buffer.alloc(0))]);
}

const logo = tinyPng([0x1e, 0x5a, 0xa8]);
const logoHash = sha256(logo);
const mine = () => fetch(`${BOT}/api/addin/bat-requests`, { headers: { 'X-Roster-Person': COORDINATOR } }).then((r) => r.json());

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.TB_CHROMIUM || '/usr/bin/chromium' });
  const form = new FormData();
  form.append('file', new Blob([logo], { type: 'image/png' }), 'ups.png');
  const stored = await fetch(`${BOT}/api/partners/organisations/ups/logos`, { method: 'POST', headers: { 'X-Roster-Person': COORDINATOR }, body: form });
  assert.ok(stored.status === 201 || stored.status === 200, await stored.text());
});
after(async () => {
  await browser?.close();
});

async function openBat(login, locale = 'fr-FR') {
  const context = await browser.newContext({ locale, timezoneId: 'America/New_York', viewport: { width: 1200, height: 900 } });
  await context.addInitScript(() => {
    window.__said = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status');
      new MutationObserver(() => status.textContent && window.__said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BOT}/coordinator`);
  await page.locator('#signin-person').selectOption(login);
  await page.locator('#signin-local').click();
  await page.locator('#signout').waitFor();
  return { context, page, errors };
}

async function audit(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

/** The instant of midnight at the start of a Paris day (the browser above runs in New York on purpose). */
function parisMidnight(day) {
  for (const offset of ['+01:00', '+02:00']) {
    const at = new Date(`${day}T00:00:00${offset}`);
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(at);
    if (parts === '00') return at.getTime();
  }
  throw new Error(day);
}

test('the coordinator asks UPS for a BAT with an HTML draft; the request is stored with its hash and listed pending', async () => {
  const { context, page, errors } = await openBat(COORDINATOR);
  try {
    await page.locator('#nav-bat').click();
    await page.getByRole('heading', { name: 'Demander un BAT à un partenaire' }).waitFor();
    // Only partners with a stored logo, never the association itself (its own logo needs no BAT from itself).
    // The form comes once the agreements are read (after the heading): reading its options earlier saw none.
    await page.locator('#bat-partner').waitFor();
    assert.deepEqual(await page.locator('#bat-partner option').allInnerTexts(), ['Union des Professeurs de classes préparatoires Scientifiques (UPS)']);
    assert.equal(await page.locator('#bat-logo').inputValue(), logoHash);
    await page.waitForFunction(() => document.getElementById('bat-logo-img')?.naturalWidth === 2);
    assert.match(await page.getAttribute('#bat-logo-img', 'alt'), new RegExp(`UPS.*${logoHash.slice(0, 12)}`));
    assert.equal(await page.locator('#bat-requests caption').innerText(), 'Aucune demande');
    await audit(page, 'bat-1-form');

    const draft = '<p>Forum des métiers — avec <img src="cid:ups" alt="UPS"></p>';
    await page.getByLabel('Support').selectOption('poster');
    await page.getByLabel('Premier jour').fill('2027-03-01');
    await page.getByLabel('Dernier jour').fill('2027-03-31');
    await page.getByLabel('Projet en HTML').fill(draft);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForFunction(() => window.__said.some((m) => m.startsWith('Demande envoyée à ') && m.includes('(UPS)')));
    const row = page.locator('#bat-requests tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const text = await row.first().innerText();
    assert.match(text, /\(UPS\)\s+affiche\s+du 1 mars 2027 au 31 mars 2027\s+en attente/);

    const [stored] = await mine();
    assert.equal(stored.organisationId, 'ups');
    assert.equal(stored.logoHash, logoHash);
    assert.equal(stored.medium, 'poster');
    assert.equal(stored.status, 'pending');
    assert.equal(stored.draftHash, sha256(Buffer.from(draft, 'utf8')));
    assert.equal(new Date(stored.from).getTime(), parisMidnight('2027-03-01'));
    assert.equal(new Date(stored.to).getTime(), parisMidnight('2027-04-01'));
    assert.equal(await page.getByLabel('Projet en HTML').inputValue(), '', 'the form is ready for another request');
    await audit(page, 'bat-2-sent');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('wrong input is told beside its field, by the page or by the server, and nothing is created', async () => {
  const { context, page } = await openBat(COORDINATOR);
  try {
    await page.locator('#nav-bat').click();
    await page.locator('#bat-form').waitFor();
    const before = (await mine()).length;

    // Nothing typed, and a last day before the first: two messages, focus on the first field in error.
    await page.getByLabel('Premier jour').fill('2027-05-10');
    await page.getByLabel('Dernier jour').fill('2027-05-01');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('#bat-to-error').waitFor();
    assert.equal(await page.locator('#bat-to-error').innerText(), 'Dernier jour : le dernier jour doit suivre le premier, et ne pas être passé.');
    assert.equal(await page.locator('#bat-html-error').innerText(), 'Projet en HTML : à renseigner.');
    assert.equal(await page.getAttribute('#bat-to', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#bat-to', 'aria-describedby'), /bat-to-error/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'bat-to');
    await page.waitForFunction(() => window.__said.includes('2 champs à corriger.'));
    await audit(page, 'bat-3-errors');

    // A file the page cannot judge (named .png, it is text): the server refuses it, its message lands by the file.
    await page.getByLabel('Dernier jour').fill('2027-05-31');
    await page.getByLabel('Image (PNG, JPEG) ou PDF').check();
    await page.getByLabel('Fichier du projet').setInputFiles({ name: 'affiche.png', mimeType: 'image/png', buffer: Buffer.from('pas une image') });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('#bat-file-error').waitFor();
    assert.equal(await page.locator('#bat-file-error').innerText(), 'Fichier du projet : le projet n’est ni du HTML, ni une image PNG ou JPEG, ni un PDF.');
    assert.equal(await page.locator('#bat-to-error').count(), 0, 'the corrected field is no longer in error');

    // Over the size limit: refused by the page before any upload.
    await page.getByLabel('Fichier du projet').setInputFiles({ name: 'affiche.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 0x25) });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('#bat-file-error', { hasText: 'dépasse 2048 Ko' }).waitFor();
    assert.equal((await mine()).length, before, 'no request was created');

    // A real PDF goes through, with its own hash.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await page.getByLabel('Fichier du projet').setInputFiles({ name: 'affiche.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#bat-requests tbody tr').length === n, before + 1);
    const [newest] = await mine();
    assert.equal(newest.draftHash, sha256(pdf));
    assert.equal(newest.medium, 'email');
    assert.equal(await page.locator('.error').count(), 0);
  } finally {
    await context.close();
  }
});

test('in English, the same view and audit; a correspondent without partner logos is told so; a referent has no such view', async () => {
  const en = await openBat(COORDINATOR, 'en-GB');
  try {
    await en.page.locator('#nav-bat').click();
    await en.page.getByRole('heading', { name: 'Ask a partner for a BAT' }).waitFor();
    await en.page.locator('#bat-requests tbody tr').first().waitFor();
    assert.match(await en.page.locator('#bat-requests tbody tr').last().innerText(), /poster\s+1 Mar 2027 to 31 Mar 2027\s+pending/);
    await audit(en.page, 'bat-4-english');
  } finally {
    await en.context.close();
  }

  const correspondent = await openBat('sophie.lambert@demo-energie.example');
  try {
    await correspondent.page.locator('#nav-bat').click();
    await correspondent.page.locator('#bat-none').waitFor();
    assert.equal(await correspondent.page.locator('#bat-form').count(), 0);
    await audit(correspondent.page, 'bat-5-correspondent');
  } finally {
    await correspondent.context.close();
  }

  const referent = await openBat('claire.moreau@demo-lycees.example');
  try {
    await referent.page.locator('#nav-schools').waitFor();
    assert.equal(await referent.page.locator('#nav-bat').count(), 0);
  } finally {
    await referent.context.close();
  }
});
