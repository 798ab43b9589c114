// Asking for a BAT from the pane (issue 14, point 1), in headless Chromium against the stand-in: after an insertion
// whose partner logo was left out for want of a BAT, the pane offers to ask that partner; the request names the
// partner, its current logo version, e-mail and a period, and carries the message as it stands; the pane then lists
// the caller's requests and where they stand.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PA, PA_HASH, PA_LOGO, UPS, UPS_HASH, UPS_LOGO, agreementsFor } from './fixtures.mjs';
import { axeViolations, launch, newContext, openPane, startServer, waitStatus } from './harness.mjs';
import { t } from './.build/strings.mjs';

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

test('no BAT for Passeport Avenir’s logo: the pane asks for it with the draft, and shows the request pending', async () => {
  const api = { agreements: agreementsFor(UPS), grants: [], logos: { [PA_HASH]: PA_LOGO, [UPS_HASH]: UPS_LOGO } };
  const { context, requests } = await newContext(browser, base, api);
  const body = '<html><body><p>Bonjour,</p></body></html>';
  const { page, errors } = await openPane(context, base, { bodyType: 'html', body, subject: 'Forum' }, t('fr', 'ready'));
  try {
    assert.equal(await page.locator('#bat').isHidden(), true, 'nothing to show before an insertion');
    await page.getByLabel('UPS × Passeport Avenir', { exact: true }).check();
    await page.getByRole('button', { name: t('fr', 'insert') }).click();
    await waitStatus(page, /Mentions insérées/);

    const ask = page.getByRole('button', { name: t('fr', 'batAsk', { name: 'Passeport Avenir' }) });
    await ask.click();
    await waitStatus(page, t('fr', 'batAsked', { name: 'Passeport Avenir' }));
    const posted = JSON.parse(requests.find((r) => r.method === 'POST' && r.path === '/api/addin/bat-requests').body);
    assert.equal(posted.organisationId, PA);
    assert.equal(posted.logoHash, PA_HASH);
    assert.equal(posted.medium, 'email');
    assert.ok(Date.parse(posted.to) > Date.parse(posted.from));
    const draft = Buffer.from(posted.draft, 'base64').toString('utf8');
    assert.ok(draft.includes('data-tutorbot-mention="agr-ups-pa"') && draft.includes('Bonjour'), draft);

    const line = await page.locator('#bat-list li').first().textContent();
    assert.match(line, /^Passeport Avenir : en attente \(demandé le /);
    assert.equal(await ask.count(), 0, 'asked once');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
