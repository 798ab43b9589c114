// The coordinator page against the real bot (started by run.sh), in headless Chromium: a coordinator signs in
// locally, imports a file with errors (keyboard only), sees them by line and column, fixes the file, imports it and
// watches the progress, sees the people of a school, searches a name, edits and deactivates a person. Each view
// passes an axe audit with no serious or critical violation; English follows the browser's language.
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

const UAI = '0130042T';
const HEADER = 'type;prenom;nom;upn_email;uai;academie;ville;entreprise;classe;niveau;filiere;tuteur;forme;capacite';
const SCHOOL = `établissement;;Lycée Pytheas (e2e);;${UAI};Aix-Marseille;Marseille;;;;;;;`;
const TUTOR = 'tuteur;Paul;Durand;paul.durand@e2e-entreprise.example;;;;E2E Entreprise;;;;;oui;2';
const ZOE = `élève;Zoé;Abadie;zoe.abadie@e2e-eleves.example;${UAI};;;;1re STL A;1re;STL;paul.durand@e2e-entreprise.example;;`;
const students = Array.from({ length: 240 }, (_, i) => `élève;Élève${i};Masse${String(i).padStart(3, '0')};eleve${i}@e2e-eleves.example;${UAI};;;;Tle STL ${i % 2 ? 'A' : 'B'};Tle;STL;;;`);
// Line 4: a bad address and an unknown level; line 5: an unknown school; line 6: a student without a school.
const withErrors = [HEADER, SCHOOL, TUTOR, `élève;Bad;Adresse;pas-une-adresse;${UAI};;;;1re STL A;5e;STL;;;`, `élève;Nina;Ailleurs;nina.ailleurs@e2e-eleves.example;0999999Z;;;;1re STL A;1re;STL;;;`, 'élève;Sans;Lycee;sans.lycee@e2e-eleves.example;;;;;1re STL A;1re;STL;;;', ZOE];
const fixed = [HEADER, SCHOOL, TUTOR, ZOE, ...students];
const csv = (lines) => ({ name: 'participants.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8') });

let browser;
let context;
let page;

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.TB_CHROMIUM || '/usr/bin/chromium' });
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
  // Keep every live-region message, to check what a screen-reader user hears.
  await context.addInitScript(() => {
    window.__said = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status');
      new MutationObserver(() => status.textContent && window.__said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  // Nothing but the bot: the page must not need the Internet in the local demo.
  await context.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
});

after(async () => {
  await browser?.close();
});

async function audit(name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

const said = () => page.evaluate(() => window.__said);

test('a coordinator signs in locally, in French', async () => {
  await page.goto(`${BOT}/coordinator`);
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  // The demo roster, imported at start, offers its school referents and company correspondent too.
  const offered = await page.getByLabel('Personne de démonstration').locator('option').allInnerTexts();
  assert.ok(offered.includes('Claire Moreau — référent·e'), offered.join(' | '));
  assert.ok(offered.includes('Sophie Lambert — correspondant·e'), offered.join(' | '));
  await audit('1-sign-in');
  await page.getByLabel('Personne de démonstration').selectOption(COORDINATOR);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Importer un fichier de participants' }).waitFor();
  assert.match(await page.locator('#who').innerText(), /coordination/);
  assert.equal(await page.getAttribute('#nav-import', 'aria-current'), 'page');
  await audit('2-import');
});

test('keyboard only: a file with errors is checked and every problem is listed by line and column', async () => {
  await page.locator('#nav-import').focus();
  await page.keyboard.press('Enter');
  // Tab from the view's heading to the file input; every stop shows its focus.
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'import-file'; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', `focus visible on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'import-file');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(csv(withErrors));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'import-check');
  await page.keyboard.press('Enter');

  const table = page.locator('#import-problems');
  await table.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-h', 'focus moves to the result');
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map(([line, column]) => `${line}:${column}`), ['4:upn_email', '4:niveau', '5:uai', '6:uai'], JSON.stringify(rows));
  assert.match(rows[0][2], /adresse ou UPN invalide « pas-une-adresse »/);
  assert.match(rows[1][2], /niveau inconnu « 5e »/);
  assert.match(rows[2][2], /établissement inconnu « 0999999Z »/);
  assert.equal(await page.locator('#import-confirm').count(), 0, 'no confirm while the file has problems');
  assert.ok((await said()).some((s) => s.includes('4 problèmes')), 'the problems are announced');
  await audit('3-import-problems');
});

test('the fixed file is checked, confirmed from the keyboard, and imports with a progress bar', async () => {
  await page.locator('#import-file').setInputFiles(csv(fixed));
  await page.locator('#import-check').focus();
  await page.keyboard.press('Enter');
  await page.getByText('Aucun problème : le fichier peut être importé.', { exact: true }).waitFor();
  assert.match(await page.locator('#import-result').innerText(), /243 lignes : 243 nouvelles, 0 modifiées, 0 inchangées/);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'import-confirm');
  await page.keyboard.press('Enter');
  await page.locator('#import-progress').waitFor();
  await page.locator('#import-done').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#import-progress').evaluate((p) => p.value === p.max && p.max === 243), true);
  assert.match(await page.locator('#import-done').innerText(), /Import terminé : 243 nouvelles lignes/);
  const progress = (await said()).filter((s) => /^Import : \d+ sur 243 lignes$/.test(s));
  // 243 rows may import between two polls (400 ms): the start is announced, and the bar ends full (checked above).
  assert.ok(progress.length >= 1 && progress[0] === 'Import : 0 sur 243 lignes', `progress announced from the start: ${progress.join(' | ')}`);
  await audit('4-import-done');
});

test('the people of a school, by class, with their tutor and whether they reach the bot', async () => {
  await page.getByRole('button', { name: 'Établissements' }).click();
  await page.getByLabel('Établissement', { exact: true }).selectOption(UAI);
  await page.getByLabel('Classe', { exact: true }).selectOption('1re STL A');
  await page.locator('#school-people caption', { hasText: '1re STL A' }).waitFor();
  const row = page.locator('#school-people tbody tr[data-login="zoe.abadie@e2e-eleves.example"]');
  const cells = await row.locator('th, td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 6), ['Zoé Abadie', '1re STL A', 'STL', 'Paul Durand', 'Pas encore joignable', 'Actif·ve']);
  assert.equal(await page.locator('#school-people tbody tr').count(), 1, 'one student in 1re STL A');
  await audit('5-school');
});

test('search a name, edit a person, then deactivate her', async () => {
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await page.getByLabel('Nom de famille (au moins deux lettres)').fill('abad');
  await page.getByLabel('Nom de famille (au moins deux lettres)').press('Enter');
  const row = page.locator('#search-results tbody tr[data-login="zoe.abadie@e2e-eleves.example"]');
  await row.waitFor();
  assert.equal(await page.locator('#search-results tbody tr').count(), 1);
  await audit('6-search');

  await page.getByRole('button', { name: 'Modifier Zoé Abadie' }).click();
  const dialog = page.getByRole('dialog', { name: 'Modifier Zoé Abadie' });
  await dialog.waitFor();
  await audit('7-edit');
  await dialog.getByLabel('Classe', { exact: true }).fill('1re STL B');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => window.__said.some((s) => s.includes('Zoé Abadie est enregistré')));

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Désactiver Zoé Abadie' }).click();
  await page.waitForFunction(() => window.__said.some((s) => s.includes('Zoé Abadie est désactivé')));
  assert.match(await row.innerText(), /Désactivé·e/);
  await audit('8-deactivated');

  // The bot's own view agrees: inactive, in her new class.
  const response = await fetch(`${BOT}/api/roster/schools/${UAI}/people?class=${encodeURIComponent('1re STL B')}`, { headers: { 'X-Roster-Person': COORDINATOR } });
  const people = await response.json();
  const zoe = people.find((p) => p.person.login === 'zoe.abadie@e2e-eleves.example');
  assert.equal(zoe?.person.active, false, JSON.stringify(people));
});

test('the tutors of a company', async () => {
  await page.getByRole('button', { name: 'Entreprises' }).click();
  await page.getByLabel('Entreprise', { exact: true }).selectOption('e2e-entreprise');
  const row = page.locator('#company-people tbody tr[data-login="paul.durand@e2e-entreprise.example"]');
  await row.waitFor();
  assert.deepEqual((await row.locator('th, td').allInnerTexts()).slice(0, 4), ['Paul Durand', 'Oui', '2', 'Pas encore joignable']);
  await audit('9-company');
});

test('privacy: export a person as JSON, then erase her after a confirmation', async () => {
  await page.getByRole('button', { name: 'Données personnelles' }).click();
  await page.getByRole('heading', { name: "Exporter ou effacer les données d'une personne" }).waitFor();
  await audit('12-privacy');
  await page.getByLabel('Nom de famille (au moins deux lettres)').fill('abad');
  await page.getByLabel('Nom de famille (au moins deux lettres)').press('Enter');
  const row = page.locator('#privacy-results tbody tr[data-login="zoe.abadie@e2e-eleves.example"]');
  await row.waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter Zoé Abadie' }).click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.format, 'tutorbot-export/1');
  assert.equal(exported.stores.roster.login, 'zoe.abadie@e2e-eleves.example');
  assert.equal(exported.stores.roster.tutorLogin, 'paul.durand@e2e-entreprise.example');
  assert.ok(!JSON.stringify(exported).includes('Masse'), 'nobody else is in the export');
  await page.waitForFunction(() => window.__said.some((s) => s.includes('Export de Zoé Abadie téléchargé')));
  await audit('13-privacy-results');

  await page.getByRole('button', { name: 'Effacer Zoé Abadie' }).click();
  const dialog = page.getByRole('dialog', { name: 'Effacer Zoé Abadie ?' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Annuler', 'the safe choice has focus');
  await audit('14-privacy-confirm');
  await dialog.getByRole('button', { name: 'Effacer définitivement' }).click();
  await page.locator('#privacy-done').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('#privacy-done').innerText(), /Effacement de Zoé Abadie terminé/);
  await audit('15-privacy-erased');

  // The bot agrees: nobody by that name, and her export is gone.
  const search = await fetch(`${BOT}/api/roster/people?q=abad`, { headers: { 'X-Roster-Person': COORDINATOR } });
  assert.deepEqual(await search.json(), []);
  const ref = encodeURIComponent(`s-${UAI}/${exported.person.rosterRef.split('/')[1]}`);
  const again = await fetch(`${BOT}/api/privacy/export?person=${ref}`, { headers: { 'X-Roster-Person': COORDINATOR } });
  assert.equal(again.status, 404);
  // Anyone but a coordinator is refused.
  const referent = await fetch(`${BOT}/api/privacy/export?person=${ref}`, { headers: { 'X-Roster-Person': 'claire.moreau@demo-lycees.example' } });
  assert.equal(referent.status, 403);
});

test('the privacy page passes axe', async () => {
  await page.goto(`${BOT}/privacy`);
  await page.getByRole('heading', { name: 'Confidentialité' }).waitFor();
  await audit('16-privacy-page');
});

test('a school referent signs in and sees her own school only, and no import', async () => {
  const other = await browser.newContext({ locale: 'fr-FR' });
  await other.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  const p = await other.newPage();
  await p.goto(`${BOT}/coordinator`);
  await p.getByLabel('Personne de démonstration').selectOption('claire.moreau@demo-lycees.example');
  await p.getByRole('button', { name: 'Se connecter' }).click();
  await p.getByRole('heading', { name: 'Élèves par établissement et par classe' }).waitFor();
  assert.deepEqual(await p.locator('nav button').allInnerTexts(), ['Établissements', 'Binômes', 'Vagues', 'Rechercher']);
  // The school list arrives after the heading: wait for it before reading it.
  await p.getByLabel('Établissement', { exact: true }).locator('option').first().waitFor({ state: 'attached' });
  assert.deepEqual(await p.getByLabel('Établissement', { exact: true }).locator('option').allInnerTexts(), ['Lycée des Calanques (fictif) — Marseille']);
  await p.locator('#school-people tbody tr').first().waitFor();
  await p.screenshot({ path: join(SHOTS, '11-referent.png') });
  await other.close();
});

test('in an English browser the page speaks English', async () => {
  const english = await browser.newContext({ locale: 'en-GB' });
  await english.route('**/*', (route) => (route.request().url().startsWith(BOT) ? route.fallback() : route.abort('blockedbyclient')));
  const p = await english.newPage();
  await p.goto(`${BOT}/coordinator`);
  await p.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await p.getAttribute('html', 'lang'), 'en');
  await p.getByLabel('Demo person').selectOption(COORDINATOR);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Import a roster file' }).waitFor();
  await p.screenshot({ path: join(SHOTS, '10-english.png') });
  await english.close();
});
