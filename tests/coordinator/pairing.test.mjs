// The pairing view against the real bot (started by run.sh) with the demo roster, in headless Chromium: a coordinator
// copies the tutors from the roster, marks priority students (the list reorders by the association's criteria and
// shows the girls-in-STEM share), reads the suggestions with their reasons, pairs a student, reviews and confirms the
// whole-school proposal; a referent sees her school only, without pairing tools. Each view passes an axe audit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const BOT = process.env.BOT_URL ?? 'http://127.0.0.1:3978';
const COORDINATOR = process.env.COORDINATOR_LOGIN ?? 'coordination@passeport-avenir.example';
const SHOTS = process.env.SHOTS ?? '.';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.TB_CHROMIUM || '/usr/bin/chromium' });
});

after(async () => {
  await browser?.close();
});

async function signIn(login, locale = 'fr-FR') {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  await context.addInitScript(() => {
    window.__said = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status');
      new MutationObserver(() => status.textContent && window.__said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${BOT}/coordinator`);
  await page.getByLabel('Personne de démonstration').selectOption(login);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#nav-pairing').waitFor();
  await page.locator('#nav-pairing').click();
  await page.getByRole('heading', { name: 'Élèves prioritaires et binômes' }).waitFor();
  await page.locator('#pairing-list tbody tr').first().waitFor();
  return { context, page };
}

async function audit(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

const said = (page) => page.evaluate(() => window.__said);
const names = (page) => page.locator('#pairing-list tbody th').allInnerTexts();

test('a coordinator marks priorities, reads suggestions with reasons and pairs a student', async () => {
  const { context, page } = await signIn(COORDINATOR);
  await page.getByLabel('Établissement', { exact: true }).selectOption('0139901Z');
  await page.locator('#pairing-list caption', { hasText: 'Lycée des Calanques' }).waitFor();
  await audit(page, 'p1-pairing');

  await page.getByRole('button', { name: 'Mettre à jour les tuteurs depuis le fichier' }).click();
  // The demo roster's three tutors and the one the page suite imported.
  await page.waitForFunction(() => window.__said.some((m) => /^\d+ tuteurs à jour\.$/.test(m)));

  for (const student of ['Lucas Fabre', 'Amina Diallo']) {
    await page.getByLabel(`Marquer ${student} comme prioritaire`).check();
    await page.waitForFunction((s) => window.__said.includes(`${s} est marqué·e prioritaire.`), student);
  }
  await page.waitForFunction(() => document.querySelectorAll('#pairing-list input:checked').length === 2);
  // The list is read again after each mark: wait for the answer to the second one before reading the order.
  await page.waitForFunction(() => [...document.querySelectorAll('#pairing-list tbody th')].slice(0, 2).every((th) => th.closest('tr')?.querySelector('input:checked')), null, { timeout: 10_000 }).catch(() => {});
  assert.deepEqual((await names(page)).slice(0, 2), ['Amina Diallo', 'Lucas Fabre'], 'marked students first, in the criteria order');
  assert.ok((await page.locator('#pairing-girls').innerText()).includes('prioritaires — Tout l\'établissement : 50 % (1 sur 2)'));

  await page.getByRole('button', { name: 'Tuteurs suggérés pour Lucas Fabre' }).click();
  await page.getByRole('heading', { name: 'Tuteurs suggérés pour Lucas Fabre' }).waitFor();
  const rows = await page.locator('#pairing-suggestions tbody tr').allInnerTexts();
  const julien = rows.find((r) => r.startsWith('Julien Martin')) ?? '';
  const thomas = rows.find((r) => r.startsWith('Thomas Girard')) ?? '';
  assert.match(rows[0], /\t40\t/, 'the best score first');
  assert.ok(rows.indexOf(thomas) > rows.indexOf(julien), 'untrained tutors last');
  assert.match(julien, /^Julien Martin\tÉnergies Demo SA\t40\tformé·e, 0 élève\(s\) suivi\(s\), 2 place\(s\) libre\(s\), jamais en binôme avec cet élève/);
  assert.match(thomas, /^Thomas Girard.*pas encore formé·e.*pas encore possible/s);
  await audit(page, 'p2-suggestions');

  await page.getByRole('button', { name: 'Former le binôme avec Julien Martin' }).click();
  await page.waitForFunction(() => window.__said.includes('Binôme formé : les cartes de présentation partent.'));
  await page.waitForFunction(() => [...document.querySelectorAll('#pairing-list tbody tr')].some((r) => r.innerText.includes('Lucas Fabre') && r.innerText.includes('Julien Martin')));
  assert.equal(await page.locator('#pairing-suggestions').isHidden(), true);
  await context.close();
});

test('the whole-school proposal is reviewed, then confirmed', async () => {
  const { context, page } = await signIn(COORDINATOR);
  await page.getByLabel('Établissement', { exact: true }).selectOption('0139901Z');
  await page.locator('#pairing-list caption', { hasText: 'Lycée des Calanques' }).waitFor();
  assert.deepEqual(await page.locator('#pairing-overview li').first().innerText(), 'Amina Diallo', 'the only priority student without a tutor');

  await page.getByRole('button', { name: 'Proposer des binômes pour les prioritaires sans tuteur' }).click();
  await page.locator('#proposal-result caption').waitFor();
  assert.match(await page.locator('#proposal-result caption').innerText(), /^1 binômes proposés, score total \d+$/);
  assert.equal(await page.locator('#proposal-result tbody th').innerText(), 'Amina Diallo');
  await audit(page, 'p3-proposal');

  await page.getByRole('button', { name: 'Confirmer ces binômes' }).click();
  await page.waitForFunction(() => window.__said.includes('1 binômes formés.'));
  await page.waitForFunction(() => document.querySelectorAll('#pairing-overview li').length === 0);
  await context.close();
});

test('a referent sees her own school, marks priorities, and has no pairing tools', async () => {
  const { context, page } = await signIn('claire.moreau@demo-lycees.example');
  assert.deepEqual(await page.getByLabel('Établissement', { exact: true }).locator('option').allInnerTexts(), ['Lycée des Calanques (fictif) — Marseille']);
  assert.equal(await page.getByRole('button', { name: /Tuteurs suggérés/ }).count(), 0);
  assert.equal(await page.locator('#pairing-proposal').count(), 0);
  assert.equal(await page.locator('#pairing-refresh').count(), 0);
  await page.getByLabel('Marquer Inès Haddad comme prioritaire').check();
  await page.waitForFunction(() => window.__said.includes('Inès Haddad est marqué·e prioritaire.'));
  await audit(page, 'p4-referent');
  await context.close();
});

test('the programme overview, a student\'s path recorded year by year, and an invitation to the alumni', async () => {
  const { context, page } = await signIn(COORDINATOR);
  await page.getByRole('heading', { name: "Vue d'ensemble du programme" }).waitFor();
  // Pairs made in this run are new: no tutor has been quiet for six weeks yet, no reminder went unanswered.
  assert.deepEqual(await page.locator('#pairing-programme p').allInnerTexts(), ['Aucun.', 'Aucun.']);
  await page.getByRole('heading', { name: 'Communauté des anciens' }).waitFor();
  assert.equal(await page.locator('#pairing-alumni p').first().innerText(), "Aucun·e ancien·ne pour l'instant.");

  await page.getByLabel('Établissement', { exact: true }).selectOption('0849902Z');
  await page.locator('#pairing-list caption', { hasText: 'Lycée du Ventoux' }).waitFor();
  await page.getByRole('button', { name: 'Parcours de Léa Perrin' }).click();
  await page.getByRole('heading', { name: 'Parcours de Léa Perrin' }).waitFor();
  assert.equal(await page.locator('#followup-empty').innerText(), 'Aucune année enregistrée.');

  // A first job before graduation is refused, with what to fix; nothing is saved.
  await page.getByLabel('Année scolaire').fill('2025');
  await page.getByLabel('Classe ou formation').fill('BTS CRSA 2');
  await page.getByLabel('Diplôme visé').selectOption('Bac+3');
  await page.getByLabel('Premier emploi (après le diplôme)').fill('Technicienne de maintenance');
  await page.getByRole('button', { name: "Enregistrer l'année" }).click();
  await page.waitForFunction(() => window.__said.some((m) => m.startsWith('À corriger : le premier emploi')));
  assert.equal(await page.locator('#followup-years').count(), 0);

  await page.getByLabel('Diplômé·e cette année').check();
  await page.getByRole('button', { name: "Enregistrer l'année" }).click();
  await page.waitForFunction(() => window.__said.includes('Année 2025–2026 enregistrée.'));
  await page.locator('#followup-years tbody tr').waitFor();
  assert.deepEqual((await page.locator('#followup-years tbody tr').innerText()).split('\t'), ['2025–2026', 'BTS CRSA 2', '—', 'Bac+3', 'oui', 'Technicienne de maintenance']);
  await audit(page, 'p5-followup');

  // Léa agrees to join the alumni (from her card in Teams; here on the API as the coordinator records it), then is invited.
  await page.evaluate(async (login) => {
    const headers = { 'X-Roster-Person': login, 'Content-Type': 'application/json' };
    const list = await (await fetch('/api/pairing/schools/0849902Z/priority', { headers })).json();
    const lea = list.students.find((s) => s.firstName === 'Léa');
    const r = await fetch(`/api/pairing/schools/0849902Z/students/${lea.id}/alumni`, { method: 'PUT', headers, body: JSON.stringify({ optedIn: true }) });
    if (r.status !== 204) throw new Error(`alumni: ${r.status}`);
  }, COORDINATOR);
  await page.reload();
  await page.locator('#nav-pairing').click();
  await page.locator('#alumni-list tbody tr').waitFor();
  assert.match(await page.locator('#alumni-list tbody th').innerText(), /^Léa Perrin$/);
  await page.getByLabel('Inviter Léa Perrin').check();
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await page.waitForFunction(() => window.__said.includes('Donnez un titre (120 caractères au plus) et un message (1000 au plus).') || document.querySelector('#alumni-title:invalid'));
  await page.getByLabel("Titre de l'invitation").fill('Atelier métiers du 12 mars');
  await page.getByLabel('Message', { exact: true }).fill('Venez témoigner de votre parcours en BTS.');
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await page.waitForFunction(() => window.__said.includes('Invitation envoyée à 1 ancien·ne·s.'));
  await audit(page, 'p6-alumni');
  await context.close();
});

test('a referent sees the overview of her own school and no alumni or path tools', async () => {
  const { context, page } = await signIn('claire.moreau@demo-lycees.example');
  await page.getByRole('heading', { name: "Vue d'ensemble de votre établissement" }).waitFor();
  assert.equal(await page.locator('#pairing-alumni').count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Parcours de/ }).count(), 0);
  await context.close();
});
