// The packer fills the settings into the manifest, zips exactly the expected files, and refuses to pack when a
// setting is missing or malformed. The zip is read back with fflate, independently of the packer's writer.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { SAMPLE, manifestDir, manifestSchema, runPacker, tempDir, validator } from './helpers.mjs';

const EXPECTED_ENTRIES = ['color.png', 'en-us.json', 'fr-fr.json', 'manifest.json', 'outline.png'];

describe('pack.mjs', () => {
  const dir = tempDir('tutorbot-pack-');
  const zipPath = join(dir, 'appPackage.test.zip');
  let entries;

  before(() => {
    const run = runPacker(['--env', 'test', '--out', zipPath], SAMPLE);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /pack: wrote .*appPackage\.test\.zip/);
    entries = unzipSync(readFileSync(zipPath));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the zip has exactly the expected entries, flat', () => {
    assert.deepEqual(Object.keys(entries).sort(), EXPECTED_ENTRIES);
  });

  test('no placeholder is left; the settings are in place', () => {
    for (const [name, data] of Object.entries(entries).filter(([n]) => n.endsWith('.json'))) {
      assert.ok(!Buffer.from(data).toString('utf8').includes('${{'), `${name} still has a placeholder`);
    }
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
    assert.equal(manifest.id, SAMPLE.TEAMS_APP_ID);
    assert.equal(manifest.bots[0].botId, SAMPLE.BOT_ID);
    assert.deepEqual(manifest.validDomains, [SAMPLE.BOT_DOMAIN]);
  });

  test('the packed manifest validates against the schema', () => {
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
    assert.deepEqual(validator(manifestSchema)(manifest), []);
  });

  test('icons and localisation files are packed unchanged', () => {
    for (const name of ['color.png', 'outline.png', 'fr-fr.json', 'en-us.json']) {
      assert.ok(Buffer.from(entries[name]).equals(readFileSync(join(manifestDir, name))), name);
    }
  });

  test('packing twice gives the same bytes (reproducible)', () => {
    const again = join(dir, 'again.zip');
    assert.equal(runPacker(['--out', again], SAMPLE).status, 0);
    assert.ok(readFileSync(again).equals(readFileSync(zipPath)));
  });

  test('writes manifest/build/appPackage.<env>.zip by default', () => {
    const out = join(manifestDir, 'build', 'appPackage.selftest.zip');
    rmSync(out, { force: true });
    const run = runPacker(['--env', 'selftest'], SAMPLE);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(existsSync(out), out);
    rmSync(out);
    if (readdirSync(dirname(out)).length === 0) rmSync(dirname(out), { recursive: true });
  });

  test('settings can come from a --settings file; the environment wins over it', () => {
    const envFile = join(dir, '.env.file');
    writeFileSync(envFile, `TEAMS_APP_ID=${SAMPLE.TEAMS_APP_ID}\nBOT_ID=${SAMPLE.BOT_ID}\nBOT_DOMAIN=from-file.azurewebsites.net\n`);
    const out = join(dir, 'fromfile.zip');
    const run = runPacker(['--settings', envFile, '--out', out], { BOT_DOMAIN: 'from-env.azurewebsites.net' });
    assert.equal(run.status, 0, run.stderr);
    const manifest = JSON.parse(Buffer.from(unzipSync(readFileSync(out))['manifest.json']).toString('utf8'));
    assert.deepEqual(manifest.validDomains, ['from-env.azurewebsites.net']);
  });

  const refusals = [
    ['a missing BOT_ID', { ...SAMPLE, BOT_ID: undefined }, /BOT_ID is not set/],
    ['an empty TEAMS_APP_ID', { ...SAMPLE, TEAMS_APP_ID: '' }, /TEAMS_APP_ID is not set/],
    ['a malformed TEAMS_APP_ID', { ...SAMPLE, TEAMS_APP_ID: 'tutorbot' }, /TEAMS_APP_ID="tutorbot" must be a GUID/],
    ['the all-zero GUID', { ...SAMPLE, BOT_ID: '00000000-0000-0000-0000-000000000000' }, /BOT_ID=.* must be a real id/],
    ['a BOT_DOMAIN with a scheme', { ...SAMPLE, BOT_DOMAIN: 'https://app.azurewebsites.net' }, /BOT_DOMAIN=.* must be a bare host name/],
    ['a BOT_DOMAIN with a path', { ...SAMPLE, BOT_DOMAIN: 'app.azurewebsites.net/api' }, /BOT_DOMAIN=.* must be a bare host name/],
    ['a missing --settings file', SAMPLE, /settings file not found/, ['--settings', '/nonexistent/.env']],
  ];
  for (const [what, settings, message, extra = []] of refusals) {
    test(`refuses ${what}, with a clear message and no zip`, () => {
      const out = join(dir, `refused-${what.replace(/\W+/g, '-')}.zip`);
      const env = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
      const run = runPacker(['--out', out, ...extra], env);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /pack: refused to build the app package/);
      assert.match(run.stderr, message);
      assert.ok(!existsSync(out), 'no zip written');
    });
  }
});
