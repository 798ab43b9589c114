// The manifest and its localisation files validate against the JSON schemas pinned in @microsoft/app-manifest,
// and the validator is shown to reject broken copies with precise errors.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import {
  SCHEMA_VERSION, fillSample, localizationSchema, manifestSchema, readJson, readSource, validator,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const { ManifestUtil } = require('@microsoft/app-manifest');

const validateManifest = validator(manifestSchema);
const validateLocalization = validator(localizationSchema, { unicodeRegExp: false });
const source = readSource('manifest.json');
const manifest = JSON.parse(fillSample(source));

describe('manifest.json', () => {
  test(`pins schema v${SCHEMA_VERSION} in $schema and manifestVersion`, () => {
    assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v${SCHEMA_VERSION}/MicrosoftTeams.schema.json`);
    assert.equal(manifest.manifestVersion, SCHEMA_VERSION);
    assert.equal(manifestSchema.properties.manifestVersion.const, SCHEMA_VERSION);
  });

  test('validates against the bundled schema with ajv (placeholders filled with sample values)', () => {
    assert.deepEqual(validateManifest(manifest), []);
  });

  test('validates with ManifestUtil.validateManifestAgainstSchema (offline, same schema)', async () => {
    assert.deepEqual(await ManifestUtil.validateManifestAgainstSchema(manifest, manifestSchema), []);
  });

  test('uses only the settings placeholders the packer knows', () => {
    const names = new Set([...source.matchAll(/\$\{\{\s*([A-Za-z_]\w*)\s*\}\}/g)].map((m) => m[1]));
    assert.deepEqual([...names].sort(), ['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
  });

  test('declares the bot in personal and team scope with its commands', () => {
    assert.equal(manifest.bots.length, 1);
    const [bot] = manifest.bots;
    assert.equal(bot.botId, '6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5f6');
    assert.deepEqual(bot.scopes, ['personal', 'team']);
    const personal = bot.commandLists.find((l) => l.scopes.includes('personal'));
    const team = bot.commandLists.find((l) => l.scopes.includes('team'));
    assert.deepEqual(personal.commands.map((c) => c.title), ['séance', 'aide']);
    assert.deepEqual(team.commands.map((c) => c.title), ['aide']);
    for (const list of bot.commandLists) assert.ok(list.commands.length <= 12);
  });

  test('has SSO web application info and the bot host as valid domain', () => {
    assert.equal(manifest.webApplicationInfo.id, '6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5f6');
    assert.equal(manifest.webApplicationInfo.resource, 'api://app-tutorbot-abc123.azurewebsites.net/botid-6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5f6');
    assert.deepEqual(manifest.validDomains, ['app-tutorbot-abc123.azurewebsites.net']);
  });

  test('points only at the bot host (no page elsewhere; the add-in\'s pages are the ones the bot serves under /addin/)', () => {
    const urls = [...source.matchAll(/https?:\/\/[^"\s]+/g)].map((m) => m[0])
      .filter((u) => !u.startsWith('https://developer.microsoft.com/json-schemas/'));
    assert.ok(urls.length > 0);
    for (const url of urls) assert.match(url, /^https:\/\/\$\{\{BOT_DOMAIN\}\}\//, url);
    const addinUrls = urls.filter((u) => u.includes('/addin/'));
    assert.ok(addinUrls.length > 0, 'the Outlook add-in entry names its pages');
    for (const url of addinUrls) assert.match(url, /^https:\/\/\$\{\{BOT_DOMAIN\}\}\/addin\//, url);
  });

  test('a broken copy is rejected with precise errors', () => {
    const broken = structuredClone(manifest);
    delete broken.accentColor;
    broken.bots[0].scopes = ['personal', 'meeting'];
    broken.bots[0].botId = 'not-a-guid';
    broken.manifestVersion = '1.24';
    const errors = validateManifest(broken).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`);
    assert.ok(errors.includes(" required must have required property 'accentColor'"), errors.join('\n'));
    assert.ok(errors.includes('/bots/0/scopes/1 enum must be equal to one of the allowed values'), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('/bots/0/botId pattern')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('/manifestVersion const')), errors.join('\n'));
  });
});

describe('coordinator tab', () => {
  test('a personal tab opens the coordinator page on the bot domain, which validDomains lists', () => {
    const tab = manifest.staticTabs.find((t) => t.entityId === 'coordinator');
    assert.ok(tab, 'staticTabs has the coordinator tab');
    assert.deepEqual(tab.scopes, ['personal']);
    for (const url of [tab.contentUrl, tab.websiteUrl]) {
      const { protocol, host, pathname } = new URL(url);
      assert.equal(`${protocol}${pathname}`, 'https:/coordinator');
      assert.ok(manifest.validDomains.includes(host), `${host} in validDomains`);
    }
    assert.equal(new URL(tab.contentUrl).host, new URL(manifest.developer.websiteUrl).host, 'the bot domain');
  });
});

describe('localisation', () => {
  const loc = manifest.localizationInfo;

  test('French by default, English as the additional language', () => {
    assert.equal(loc.defaultLanguageTag, 'fr-fr');
    assert.equal(loc.defaultLanguageFile, 'fr-fr.json');
    assert.deepEqual(loc.additionalLanguages, [{ languageTag: 'en-us', file: 'en-us.json' }]);
  });

  for (const file of ['fr-fr.json', 'en-us.json']) {
    test(`${file} validates against the bundled localisation schema`, () => {
      const strings = readJson(new URL(`../../manifest/${file}`, import.meta.url));
      assert.equal(strings.$schema, `https://developer.microsoft.com/json-schemas/teams/v${SCHEMA_VERSION}/MicrosoftTeams.Localization.schema.json`);
      assert.deepEqual(validateLocalization(strings), []);
    });
  }

  test('fr-fr.json repeats the manifest strings; en-us.json translates every one of them', () => {
    const fr = readJson(new URL('../../manifest/fr-fr.json', import.meta.url));
    const en = readJson(new URL('../../manifest/en-us.json', import.meta.url));
    const expected = {
      'name.short': manifest.name.short,
      'name.full': manifest.name.full,
      'description.short': manifest.description.short,
      'description.full': manifest.description.full,
    };
    manifest.bots[0].commandLists.forEach((list, i) => list.commands.forEach((c, j) => {
      expected[`bots[0].commandLists[${i}].commands[${j}].title`] = c.title;
      expected[`bots[0].commandLists[${i}].commands[${j}].description`] = c.description;
    }));
    manifest.extensions.forEach((ext, e) => ext.ribbons.forEach((ribbon, r) => ribbon.tabs.forEach((tab, t) =>
      tab.groups.forEach((group, g) => {
        const at = `extensions[${e}].ribbons[${r}].tabs[${t}].groups[${g}]`;
        expected[`${at}.label`] = group.label;
        group.controls.forEach((c, i) => {
          expected[`${at}.controls[${i}].label`] = c.label;
          expected[`${at}.controls[${i}].supertip.title`] = c.supertip.title;
          expected[`${at}.controls[${i}].supertip.description`] = c.supertip.description;
        });
      }))));
    (manifest.staticTabs ?? []).forEach((tab, i) => { expected[`staticTabs[${i}].name`] = tab.name; });
    const { $schema: _fr, ...frStrings } = fr;
    const { $schema: _en, ...enStrings } = en;
    assert.deepEqual(frStrings, expected);
    assert.deepEqual(Object.keys(enStrings).sort(), Object.keys(expected).sort());
    assert.equal(en['bots[0].commandLists[0].commands[0].title'], 'session');
    assert.equal(en['bots[0].commandLists[0].commands[1].title'], 'help');
    assert.equal(en['extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label'], 'Partnership mentions');
  });

  test('a broken localisation file is rejected with precise errors', () => {
    const strings = readJson(new URL('../../manifest/en-us.json', import.meta.url));
    strings['name.short'] = 'A name far too long for the thirty character limit';
    delete strings['description.full'];
    strings['bots[0].commandLists[5].commands[0].title'] = 'out of range';
    const errors = validateLocalization(strings).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`);
    assert.ok(errors.includes('/name.short maxLength must NOT have more than 30 characters'), errors.join('\n'));
    assert.ok(errors.includes(" required must have required property 'description.full'"), errors.join('\n'));
    assert.ok(errors.includes(' additionalProperties must NOT have additional properties'), errors.join('\n'));
  });
});
