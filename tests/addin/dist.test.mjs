// The bundle the bot serves under /addin/ has every file the manifest's Outlook entry names, icons at their size.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'addin', 'dist');
const manifest = readFileSync(join(root, 'manifest', 'manifest.json'), 'utf8');

test('every /addin/ URL of the manifest is a file of addin/dist', () => {
  const urls = [...manifest.matchAll(/https:\/\/\$\{\{BOT_DOMAIN\}\}\/addin\/([^"\s]+)/g)].map((m) => m[1]);
  assert.ok(urls.includes('taskpane.html'));
  for (const path of urls) assert.ok(existsSync(join(dist, path)), `addin/dist/${path} is missing`);
});

test('the ribbon icons are PNGs of the size the manifest declares', () => {
  const icons = [...manifest.matchAll(/\{ "size": (\d+), "url": "https:\/\/\$\{\{BOT_DOMAIN\}\}\/addin\/([^"]+\.png)" \}/g)];
  assert.equal(icons.length, 3);
  for (const [, size, path] of icons) {
    const png = readFileSync(join(dist, path));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], path);
  }
});

test('the task pane page loads office.js from the CDN, its own bundle and no other script', () => {
  const html = readFileSync(join(dist, 'taskpane.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ['https://appsforoffice.microsoft.com/lib/1/hosted/office.js', 'taskpane.js']);
});
