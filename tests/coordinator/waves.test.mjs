// The Vagues view of the coordinator page (issue 15) against the real bot (started by run.sh) with the demo roster,
// in headless Chromium: a coordinator composes a wave to a class, previews the card in French and in English with
// its size against Teams' limit, sends it and watches the progress reach "done" (the class's students have not
// installed the app: unreachable, with the reason); a scheduled wave is paused, resumed and cancelled (after a
// confirmation); wrong input is told beside its field, by the page or by the server; a school referent is offered
// her own school's classes only. Each state passes an axe audit, in French and in English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const BOT = process.env.BOT_URL ?? 'http://127.0.0.1:3978';
const COORDINATOR = process.env.COORDINATOR_LOGIN ?? 'coordination@passeport-avenir.example';
const REFERENT = 'claire.moreau@demo-lycees.example';
const SHOTS = process.env.SHOTS ?? '.';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const api = (path, init = {}, login = COORDINATOR) =>
  fetch(`${BOT}${path}`, { ...init, headers: { 'X-Roster-Person': login, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.TB_CHROMIUM || '/usr/bin/chromium' });
});
after(async () => {
  await browser?.close();
});

async function openWaves(login, locale = 'fr-FR') {
  const context = await browser.newContext({ locale, timezoneId: 'Asia/Tokyo', viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  await context.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BOT}/coordinator`);
  await page.locator('#signin-person').selectOption(login);
  await page.locator('#signin-local').click();
  await page.locator('#nav-waves').click();
  await page.locator('#waves-list table').waitFor();
  return { context, page, errors };
}

async function audit(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

/** A Paris wall time some days ahead at 18:00, as <input type=datetime-local> holds it. */
function parisDaysAhead(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return `${day}T18:00`;
}

async function compose(page, { title, fr, en, answers = [], kind = 'class', pick }) {
  await page.locator('#wave-new').click();
  await page.getByLabel('Titre (pour vous seulement)').fill(title);
  await page.getByLabel('Message en français').fill(fr);
  if (en) await page.getByLabel('Message en anglais (facultatif)').fill(en);
  for (const [i, a] of answers.entries()) {
    await page.getByLabel(`Réponse ${i + 1} en français`).fill(a.fr);
    if (a.en) await page.getByLabel(`Réponse ${i + 1} en anglais`).fill(a.en);
  }
  await page.locator('#wave-kind').selectOption(kind);
  if (pick) await pick();
}

test('a coordinator composes a wave to a class, previews it in French and English, sends it and sees it done', async () => {
  const { context, page, errors } = await openWaves(COORDINATOR);
  try {
    await compose(page, {
      title: 'Atelier de jeudi',
      fr: 'Rappel : atelier jeudi à 18 h au lycée.',
      en: 'Reminder: workshop on Thursday at 6 pm at school.',
      answers: [{ fr: 'Je serai là', en: 'I’ll be there' }, { fr: 'Je ne peux pas venir', en: 'I can’t come' }],
      pick: () => page.getByLabel('Classe').selectOption({ label: '1re STI2D A' }),
    });
    await audit(page, 'waves-1-compose');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();

    await page.getByRole('heading', { name: 'Aperçu — 2 destinataires' }).waitFor();
    const fr = page.locator('#wave-preview-fr');
    const en = page.locator('#wave-preview-en');
    assert.match(await fr.innerText(), /Rappel : atelier jeudi à 18 h au lycée\./);
    assert.deepEqual(await fr.getByRole('group', { name: 'Boutons de la carte' }).getByRole('button').allInnerTexts(), ['Je serai là', 'Je ne peux pas venir']);
    assert.deepEqual(await en.getByRole('button').allInnerTexts(), ['I’ll be there', 'I can’t come']);
    assert.equal(await en.getAttribute('lang'), 'en');
    assert.match(await fr.locator('.ac-size').innerText(), /^Taille : [\d\s]+ octets sur 81\s920 permis par Teams$/);
    const meter = await fr.locator('meter').evaluate((m) => ({ value: m.value, max: m.max }));
    assert.ok(meter.value > 500 && meter.value < meter.max, JSON.stringify(meter));
    await audit(page, 'waves-2-preview');

    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await page.getByRole('heading', { name: 'Suivi : Atelier de jeudi' }).waitFor();
    // The class's two students never installed the app: both end unreachable and the wave ends.
    await page.locator('#wave-state[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#wave-count-recipients').innerText(), '2');
    assert.equal(await page.locator('#wave-count-unreachable').innerText(), '2');
    assert.match(await page.locator('#wave-reasons').innerText(), /application non installée\s+2/);
    assert.match(await page.locator('#wave-answers').innerText(), /Je serai là\s+0/);
    await page.waitForFunction(() => /Vague terminée/.test(document.getElementById('wave-live')?.textContent ?? ''));
    assert.equal(await page.locator('#wave-pause').count(), 0, 'a finished wave has nothing to pause');
    assert.match(await page.locator('#waves-list tbody tr', { hasText: 'Atelier de jeudi' }).innerText(), /terminée\s+\S.*\s+2/);
    await audit(page, 'waves-3-done');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#wave-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 3, csv);
    assert.doesNotMatch(csv, /lucas|ines|Fabre|Haddad/i, 'opaque ids, no names');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a scheduled wave is paused, resumed and, after a confirmation, cancelled', async () => {
  const { context, page } = await openWaves(COORDINATOR);
  try {
    const at = parisDaysAhead(3);
    await compose(page, { title: 'Forum dans trois jours', fr: 'Le forum des métiers a lieu dans trois jours.', kind: 'school', pick: () => page.getByLabel('Établissement').selectOption('0849902Z') });
    await page.getByLabel('À une date et une heure').check();
    await page.getByLabel('Date et heure (heure de Paris)').fill(at);
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('#wave-send', { hasText: 'Programmer pour le' }).click();
    await page.locator('#wave-state[data-state="scheduled"]').waitFor();
    assert.match(await page.locator('#wave-state').innerText(), /Envoi prévu le .* 18:00/);
    const id = await page.locator('#waves-list tbody tr', { hasText: 'Forum dans trois jours' }).getAttribute('data-wave');
    // 18:00 in Paris, whatever the browser's zone (Tokyo here) and the season.
    const stored = new Date((await (await api(`/api/waves/${id}`)).json()).sendAtUtc);
    assert.equal(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(stored), new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(`${at}:00Z`)));

    await page.getByRole('button', { name: 'Mettre en pause' }).click();
    await page.locator('#wave-state[data-state="paused"]').waitFor();
    assert.equal((await (await api(`/api/waves/${id}`)).json()).state, 'paused');
    await page.getByRole('button', { name: 'Reprendre' }).click();
    await page.locator('#wave-state[data-state="scheduled"]').waitFor();

    await page.getByRole('button', { name: 'Annuler la vague' }).click();
    const dialog = page.getByRole('dialog');
    assert.match(await dialog.innerText(), /Annuler la vague « Forum dans trois jours » \?/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'wave-cancel-no', 'the safe choice has the focus');
    await audit(page, 'waves-4-confirm');
    await page.getByRole('button', { name: 'Non, garder la vague' }).click();
    assert.equal((await (await api(`/api/waves/${id}`)).json()).state, 'scheduled', 'kept');
    await page.getByRole('button', { name: 'Annuler la vague' }).click();
    await page.getByRole('button', { name: 'Oui, annuler la vague' }).click();
    await page.locator('#wave-state[data-state="cancelled"]').waitFor();
    assert.equal((await (await api(`/api/waves/${id}`)).json()).state, 'cancelled');
    assert.equal(await page.locator('#wave-resume, #wave-pause, #wave-cancel').count(), 0);
    // The server refuses what the state no longer allows.
    assert.equal((await api(`/api/waves/${id}/resume`, { method: 'POST' })).status, 409);
  } finally {
    await context.close();
  }
});

test('wrong input is told beside its field, by the page or by the server, and no wave is created', async () => {
  const { context, page } = await openWaves(COORDINATOR);
  try {
    const before = (await (await api('/api/waves')).json()).length;
    await page.locator('#wave-new').click();
    await page.getByLabel('Réponse 1 en anglais').fill('Yes');
    await page.getByLabel('Délai de relance (heures)').fill('0');
    await page.getByLabel('À une date et une heure').check();
    await page.getByLabel('Date et heure (heure de Paris)').fill('2020-01-01T10:00');
    await page.locator('#wave-kind').selectOption('workshop');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('#wave-title-error').waitFor();
    assert.equal(await page.locator('#wave-title-error').innerText(), 'Titre (pour vous seulement) : à renseigner (200 caractères au plus).');
    assert.equal(await page.locator('#wave-message-fr-error').innerText(), 'Message en français : à renseigner.');
    assert.match(await page.locator('#wave-answer-1-fr-error').innerText(), /libellé français/);
    assert.match(await page.locator('#wave-nudge-hours-error').innerText(), /entre 1 et 336/);
    assert.match(await page.locator('#wave-at-error').innerText(), /à venir/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'wave-title');
    assert.equal(await page.getAttribute('#wave-title', 'aria-invalid'), 'true');
    await audit(page, 'waves-5-errors');

    // The server's check: a message too long for a Teams card.
    await page.getByLabel('Titre (pour vous seulement)').fill('Trop long');
    await page.getByLabel('Message en français').fill('Un très long message. '.repeat(2200));
    await page.getByLabel('Réponse 1 en français').fill('Oui');
    await page.getByLabel('Délai de relance (heures)').fill('48');
    await page.getByLabel('Maintenant').check();
    await page.locator('#wave-kind').selectOption('everyone');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('#wave-message-fr-error').waitFor();
    assert.match(await page.locator('#wave-message-fr-error').innerText(), /Message en français : La carte dépasse la taille permise par Teams \(\d+ octets pour 81920 au plus\)/);
    assert.equal(await page.locator('#wave-title-error').count(), 0);
    assert.equal((await (await api('/api/waves')).json()).length, before, 'no wave was created');

    // A valid draft previewed, then edited: the form comes back as typed, and the draft set aside is cancelled.
    await page.getByLabel('Message en français').fill('Un message court.');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('#wave-edit').click();
    await page.getByRole('heading', { name: 'Composer une vague' }).waitFor();
    assert.equal(await page.getByLabel('Titre (pour vous seulement)').inputValue(), 'Trop long');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'wave-compose-h');
    await page.locator('#waves-list tbody tr', { hasText: 'Trop long' }).filter({ hasText: 'annulée' }).waitFor();
    const drafts = (await (await api('/api/waves')).json()).filter((w) => w.title === 'Trop long');
    assert.deepEqual(drafts.map((w) => w.state), ['cancelled']);
  } finally {
    await context.close();
  }
});

test('a school referent is offered her own school and its classes only; in English the view reads the same', async () => {
  const referent = await openWaves(REFERENT);
  try {
    await referent.page.locator('#wave-new').click();
    assert.deepEqual(await referent.page.locator('#wave-kind option').evaluateAll((o) => o.map((x) => x.value)), ['school', 'class', 'nonResponders']);
    assert.deepEqual(await referent.page.locator('#wave-school option').allInnerTexts(), ['Lycée des Calanques (fictif) — Marseille']);
    await referent.page.locator('#wave-kind').selectOption('class');
    assert.deepEqual(await referent.page.locator('#wave-class option').allInnerTexts(), ['1re STI2D A', 'MPSI 1']);
    await audit(referent.page, 'waves-6-referent');
    // What the page does not offer, the server refuses too.
    const other = await api('/api/waves', { method: 'POST', body: JSON.stringify({ title: 'x', message: { fr: 'x' }, answers: [], audience: { kind: 'school', schoolId: '0849902Z' }, nudgeAfterHours: null }) }, REFERENT);
    assert.equal(other.status, 403);
  } finally {
    await referent.context.close();
  }

  const en = await openWaves(COORDINATOR, 'en-GB');
  try {
    await en.page.getByRole('heading', { name: 'Reminder waves' }).waitFor();
    await en.page.locator('#waves-list tbody tr', { hasText: 'Atelier de jeudi' }).getByRole('button', { name: 'Follow the wave “Atelier de jeudi”' }).click();
    await en.page.locator('#wave-state[data-state="done"]').waitFor();
    assert.match(await en.page.locator('#wave-reasons').innerText(), /app not installed\s+2/);
    await audit(en.page, 'waves-7-english');
  } finally {
    await en.context.close();
  }
});

test('the chart of sends per minute is an image named by its summary, with the same numbers as a table', async () => {
  const { context, page } = await openWaves(COORDINATOR);
  try {
    // The real wave as the API answers it, with the minutes a wave that reached people would report.
    await page.route(/\/api\/waves\/w[0-9a-f]+$/, async (route) => {
      const response = await route.fetch();
      const wave = await response.json();
      wave.timeline = [{ minuteUtc: '2026-12-07T17:00:00Z', sent: 120 }, { minuteUtc: '2026-12-07T17:01:00Z', sent: 300 }, { minuteUtc: '2026-12-07T17:02:00Z', sent: 45 }];
      await route.fulfill({ response, json: wave });
    });
    await page.locator('#waves-list tbody tr', { hasText: 'Atelier de jeudi' }).getByRole('button').click();
    const chart = page.getByRole('img', { name: /Cartes envoyées par minute 465 cartes envoyées en 3 minutes ; au plus 300 par minute\./ });
    await chart.waitFor();
    assert.equal(await page.locator('#wave-chart rect').count(), 3);
    const heights = await page.locator('#wave-chart rect').evaluateAll((r) => r.map((x) => Number(x.getAttribute('height'))));
    assert.ok(heights[1] > heights[0] && heights[0] > heights[2], heights.join());
    await page.getByText('Données du graphique').click();
    assert.deepEqual(await page.locator('#wave-timeline tbody tr').allInnerTexts(), ['18:00\t120', '18:01\t300', '18:02\t45']);
    await audit(page, 'waves-8-chart');
  } finally {
    await context.close();
  }
});
