#!/usr/bin/env node
// Packs the TutorBot app package: manifest.json, the icons and the localisation files it names, with the
// ${{NAME}} placeholders filled in from settings, into build/appPackage.<env>.zip (a flat zip, as Teams and
// Outlook expect). Dependency-free (node >= 20.12): `node manifest/pack.mjs [--env dev] [--settings f] [--out f]`.
//
// Settings come from the process environment, then from --settings <file> (or manifest/.env.<env> when present);
// the environment wins. The packer refuses (exit 1, one line per problem) when a placeholder has no value or a
// malformed one, so a package with a half-filled manifest can never be produced.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const NIL_GUID = /^0{8}-(0{4}-){3}0{12}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

// What each known setting must look like; any other placeholder just needs a plain, non-empty value.
const RULES = {
  TEAMS_APP_ID: guid,
  BOT_ID: guid,
  BOT_DOMAIN: (v) => (HOST.test(v) ? null : 'must be a bare host name such as app-abc123.azurewebsites.net (no scheme, path or port)'),
};

function guid(v) {
  if (!GUID.test(v)) return 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)';
  if (NIL_GUID.test(v)) return 'must be a real id, not the all-zero GUID of the example file';
  return null;
}

function plain(v) {
  return /^[^"\\\u0000-\u001f]+$/.test(v) ? null : 'must not contain quotes, backslashes or control characters';
}

export class PackError extends Error {}

export function loadSettings(envName, settingsFile, env = process.env) {
  const file = settingsFile ?? join(here, `.env.${envName}`);
  let fromFile = {};
  if (existsSync(file)) fromFile = parseEnv(readFileSync(file, 'utf8'));
  else if (settingsFile) throw new PackError(`settings file not found: ${settingsFile}`);
  return { ...fromFile, ...env };
}

export function fill(text, settings, source, problems) {
  return text.replace(PLACEHOLDER, (whole, name) => {
    const value = settings[name];
    if (value === undefined || value.trim() === '') {
      problems.add(`${name} is not set (used in ${source})`);
      return whole;
    }
    const problem = (RULES[name] ?? plain)(value);
    if (problem) {
      problems.add(`${name}=${JSON.stringify(value)} ${problem}`);
      return whole;
    }
    return value;
  });
}

// The files the manifest refers to by relative path and which therefore travel in the package.
export function packagedFiles(manifest) {
  const files = [manifest.icons?.color, manifest.icons?.outline, manifest.icons?.color32x32];
  const loc = manifest.localizationInfo;
  if (loc?.defaultLanguageFile) files.push(loc.defaultLanguageFile);
  for (const lang of loc?.additionalLanguages ?? []) files.push(lang.file);
  return [...new Set(files.filter(Boolean))];
}

export function pack({ dir = here, settings, out }) {
  const problems = new Set();
  const entries = [];
  const manifestText = fill(readFileSync(join(dir, 'manifest.json'), 'utf8'), settings, 'manifest.json', problems);
  const manifest = parseJson(manifestText.replace(PLACEHOLDER, '00000000-0000-0000-0000-000000000000'), 'manifest.json');
  entries.push({ name: 'manifest.json', data: Buffer.from(manifestText, 'utf8') });
  for (const file of packagedFiles(manifest)) {
    const path = resolve(dir, file);
    if (isAbsolute(file) || relative(dir, path).startsWith('..') || file.includes('\\')) {
      problems.add(`${file}: the manifest may only name files inside manifest/ with a relative path`);
      continue;
    }
    if (!existsSync(path)) {
      problems.add(`${file}: named in manifest.json but missing from manifest/`);
      continue;
    }
    const name = normalize(file).split(sep).join('/');
    const data = file.endsWith('.json')
      ? Buffer.from(fill(readFileSync(path, 'utf8'), settings, file, problems), 'utf8')
      : readFileSync(path);
    entries.push({ name, data });
  }
  if (problems.size > 0) throw new PackError([...problems].join('\n'));
  for (const e of entries.filter((e) => e.name.endsWith('.json'))) parseJson(e.data.toString('utf8'), e.name);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip(entries));
  return entries.map((e) => e.name);
}

function parseJson(text, name) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PackError(`${name} is not valid JSON: ${e.message}`);
  }
}

// A minimal zip writer (deflate, UTF-8 names, fixed 1980-01-01 timestamps so packages are reproducible).
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed
    common.writeUInt16LE(0x0800, 2); // flags: UTF-8 names
    common.writeUInt16LE(8, 4); // deflate
    common.writeUInt16LE(0, 6); // time 00:00
    common.writeUInt16LE((0 << 9) | (1 << 5) | 1, 8); // date 1980-01-01
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(nameBuf.length, 22);
    common.writeUInt16LE(0, 24); // extra length
    const local = Buffer.concat([u32(0x04034b50), common, nameBuf, body]);
    const central = Buffer.concat([
      u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), nameBuf,
    ]);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(offset), u16(0),
  ]);
  return Buffer.concat([...locals, cd, end]);
}

function u16(n) { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }
function u32(n) { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; }

function main() {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      settings: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: node manifest/pack.mjs [--env <name>] [--settings <file>] [--out <zip>]\n' +
      'settings: TEAMS_APP_ID, BOT_ID, BOT_DOMAIN (environment, --settings <file>, or manifest/.env.<env>); see manifest/.env.example');
    return 0;
  }
  const envName = values.env ?? process.env.AZURE_ENV_NAME ?? 'dev';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(envName)) {
    console.error(`pack: environment name ${JSON.stringify(envName)} must be letters, digits and hyphens`);
    return 1;
  }
  const out = resolve(values.out ?? join(here, 'build', `appPackage.${envName}.zip`));
  try {
    const settings = loadSettings(envName, values.settings);
    const names = pack({ settings, out });
    console.log(`pack: wrote ${out} (${names.join(', ')})`);
    return 0;
  } catch (e) {
    if (!(e instanceof PackError)) throw e;
    console.error(`pack: refused to build the app package:\n${e.message.replace(/^/gm, '  - ')}`);
    console.error('pack: set the missing values in the environment or a settings file (see manifest/.env.example)');
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
