// Shared by the manifest tests: paths, the pinned schemas from @microsoft/app-manifest, an ajv (draft-04)
// validator, sample settings, and a way to run the packer as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');

export const here = dirname(fileURLToPath(import.meta.url));
export const manifestDir = join(here, '..', '..', 'manifest');
export const SCHEMA_VERSION = '1.30';
const schemaDir = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams', `v${SCHEMA_VERSION}`);
export const manifestSchema = readJson(join(schemaDir, 'MicrosoftTeams.schema.json'));
export const localizationSchema = readJson(join(schemaDir, 'MicrosoftTeams.Localization.schema.json'));

// Sample settings (valid shapes, not real resources) used to fill the placeholders.
export const SAMPLE = {
  TEAMS_APP_ID: '1b0e3f3a-2f43-4a43-9c54-8e8a2b0b7d11',
  BOT_ID: '6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5f6',
  BOT_DOMAIN: 'app-tutorbot-abc123.azurewebsites.net',
};

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function readSource(name) {
  return readFileSync(join(manifestDir, name), 'utf8');
}

export function fillSample(text, settings = SAMPLE) {
  return text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name) => {
    if (!(name in settings)) throw new Error(`no sample value for placeholder ${name}`);
    return settings[name];
  });
}

// One compiled validator per schema; returns ajv's errors (empty when valid). The schemas are draft-04, hence
// ajv-draft-04. The localisation schema has patterns such as `\b]\.description$` (an unescaped `]`), legal
// in plain ECMAScript regexps but not with the `u` flag ajv adds by default: `unicodeRegExp: false` for it.
export function validator(schema, { unicodeRegExp = true } = {}) {
  const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : validate.errors);
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runPacker(args, env) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'AZURE_ENV_NAME'].includes(k)),
  );
  return spawnSync(process.execPath, [join(manifestDir, 'pack.mjs'), ...args], {
    env: { ...clean, ...env },
    encoding: 'utf8',
  });
}
