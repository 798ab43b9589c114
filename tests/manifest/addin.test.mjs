// The Outlook add-in entry of the manifest: what it requires and declares, that every action id the ribbon names
// exists in a runtime (the schema does not check it), and that `office-addin-manifest validate` (TOOLCHAIN §5,
// offline for a unified manifest) accepts the packed manifest and rejects a broken one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { SAMPLE, fillSample, readSource, runPacker, tempDir } from './helpers.mjs';

const require = createRequire(import.meta.url);
const cli = join(require.resolve('office-addin-manifest/package.json'), '..', 'lib', 'cli.js');
const manifest = JSON.parse(fillSample(readSource('manifest.json')));
const host = `https://${SAMPLE.BOT_DOMAIN}`;

/** Action ids the ribbons (controls, menu items, fixed controls) name that no runtime declares. */
export function missingActions(m) {
  const missing = [];
  for (const ext of m.extensions ?? []) {
    const declared = new Set((ext.runtimes ?? []).flatMap((r) => (r.actions ?? []).map((a) => a.id)));
    const named = [];
    for (const ribbon of ext.ribbons ?? []) {
      for (const c of ribbon.fixedControls ?? []) named.push(c.actionId);
      for (const tab of ribbon.tabs ?? []) {
        for (const group of [...(tab.groups ?? []), ...(tab.customMobileRibbonGroups ?? [])]) {
          for (const control of group.controls ?? []) {
            if (control.actionId !== undefined) named.push(control.actionId);
            for (const item of control.items ?? []) named.push(item.actionId);
          }
        }
      }
    }
    for (const e of ext.autoRunEvents ?? []) for (const ev of e.events ?? []) named.push(ev.actionId);
    missing.push(...named.filter((id) => !declared.has(id)));
  }
  return missing;
}

function validate(m, dir) {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  return spawnSync(process.execPath, [cli, 'validate', join(dir, 'manifest.json')], { encoding: 'utf8', timeout: 60_000 });
}

describe('Outlook add-in entry', () => {
  const [ext] = manifest.extensions;

  test('one extension: Mailbox 1.8 or later, mail scope', () => {
    assert.equal(manifest.extensions.length, 1);
    assert.deepEqual(ext.requirements, { capabilities: [{ name: 'Mailbox', minVersion: '1.8' }], scopes: ['mail'] });
  });

  test('its runtimes: the task pane the bot serves under /addin/, and the send check (Mailbox 1.12)', () => {
    assert.equal(ext.runtimes.length, 2);
    const [pane, check] = ext.runtimes;
    assert.equal(pane.type, 'general');
    assert.equal(pane.code.page, `${host}/addin/taskpane.html`);
    assert.deepEqual(pane.actions.map((a) => [a.id, a.type]), [['OpenMentionsPane', 'openPage']]);
    assert.equal(check.type, 'general');
    assert.equal(check.lifetime, 'short');
    assert.deepEqual(check.code, { page: `${host}/addin/commands.html`, script: `${host}/addin/launchevent.js` });
    assert.deepEqual(check.requirements, { capabilities: [{ name: 'Mailbox', minVersion: '1.12' }] });
    assert.deepEqual(check.actions.map((a) => [a.id, a.type]), [['onMessageSendHandler', 'executeFunction']]);
  });

  test('Smart Alerts: messageSending runs the send check in softBlock mode (PLATFORM.md §11)', () => {
    // The schema checks neither the event name nor the action id: both are checked here.
    const events = ext.autoRunEvents.flatMap((e) => e.events);
    assert.deepEqual(events, [{ type: 'messageSending', actionId: 'onMessageSendHandler', options: { sendMode: 'softBlock' } }]);
    assert.deepEqual(ext.autoRunEvents[0].requirements.capabilities, [{ name: 'Mailbox', minVersion: '1.12' }]);
    // The bundle associates the same name (addin/src/launchevent/launchevent.ts).
    const source = readFileSync(join(import.meta.dirname, '..', '..', 'addin', 'src', 'launchevent', 'launchevent.ts'), 'utf8');
    assert.match(source, /Office\.actions\.associate\(\s*"onMessageSendHandler"/);
    // The stop message's button opens the pane through the ribbon control's id.
    const controls = ext.ribbons[0].tabs.flatMap((t) => t.groups).flatMap((g) => g.controls);
    assert.match(source, new RegExp(`OPEN_PANE_COMMAND = "${controls[0].id}"`));
  });

  test('the check catches an event naming an action no runtime has', () => {
    const broken = structuredClone(manifest);
    broken.extensions[0].autoRunEvents[0].events[0].actionId = 'onSend';
    assert.deepEqual(missingActions(broken), ['onSend']);
  });

  test('a button on the compose ribbon opens it, labelled and with 16/32/80 icons served by the bot', () => {
    assert.deepEqual(ext.ribbons.map((r) => r.contexts), [['mailCompose']]);
    const controls = ext.ribbons[0].tabs.flatMap((t) => t.groups).flatMap((g) => g.controls);
    assert.equal(controls.length, 1);
    const [button] = controls;
    assert.equal(button.type, 'button');
    assert.equal(button.actionId, 'OpenMentionsPane');
    assert.equal(button.label, 'Mentions de partenariat');
    assert.deepEqual(button.icons, [16, 32, 80].map((size) => ({ size, url: `${host}/addin/assets/icon-${size}.png` })));
  });

  test('every action id the ribbon names exists in a runtime', () => {
    assert.deepEqual(missingActions(manifest), []);
  });

  test('the check catches a ribbon naming an action no runtime has', () => {
    const broken = structuredClone(manifest);
    broken.extensions[0].ribbons[0].tabs[0].groups[0].controls[0].actionId = 'OpenSomethingElse';
    assert.deepEqual(missingActions(broken), ['OpenSomethingElse']);
    const noActions = structuredClone(manifest);
    noActions.extensions[0].runtimes[0].actions = [];
    assert.deepEqual(missingActions(noActions), ['OpenMentionsPane']);
  });

  test('writes to the message being composed: MailboxItem.ReadWrite.User, delegated', () => {
    assert.deepEqual(manifest.authorization.permissions.resourceSpecific, [{ name: 'MailboxItem.ReadWrite.User', type: 'Delegated' }]);
  });

  test('nested app authentication: the broker redirect of the bot host and the API scope of its resource', () => {
    const resource = manifest.webApplicationInfo.resource;
    assert.deepEqual(manifest.webApplicationInfo.nestedAppAuthInfo, [
      { redirectUri: `brk-multihub://${SAMPLE.BOT_DOMAIN}`, scopes: [`${resource}/access_as_user`] },
    ]);
  });
});

describe('office-addin-manifest validate', () => {
  const dir = tempDir('tutorbot-addin-manifest-');
  let packed;
  before(() => {
    // The tool rejects ${{…}} placeholders (ids must be GUIDs): validate what the packer produces.
    const zipPath = join(dir, 'appPackage.zip');
    const run = runPacker(['--env', 'test', '--out', zipPath], SAMPLE);
    assert.equal(run.status, 0, run.stderr);
    const unpacked = join(dir, 'package');
    mkdirSync(unpacked);
    for (const [name, data] of Object.entries(unzipSync(readFileSync(zipPath)))) writeFileSync(join(unpacked, name), data);
    packed = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('accepts the packed manifest (no output, exit 0)', () => {
    const run = validate(packed, join(dir, 'package'));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /Error #|not valid/);
  });

  test('rejects a button label over the 64-character limit, naming where', () => {
    const broken = structuredClone(packed);
    broken.extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label = 'M'.repeat(65);
    const run = validate(broken, join(dir, 'package'));
    assert.equal(run.status, 1);
    assert.match(run.stdout + run.stderr, /\/extensions\/0\/ribbons\/0\/tabs\/0\/groups\/0\/controls\/0\/label must NOT have more than 64 characters/);
  });

  test('rejects an unknown ribbon context or a runtime without its page', () => {
    for (const breakIt of [
      (m) => { m.extensions[0].ribbons[0].contexts = ['mailWrite']; },
      (m) => { delete m.extensions[0].runtimes[0].code; },
    ]) {
      const broken = structuredClone(packed);
      breakIt(broken);
      const run = validate(broken, join(dir, 'package'));
      assert.equal(run.status, 1);
      assert.match(run.stdout + run.stderr, /Invalid value for key "extensions"/);
    }
  });
});
