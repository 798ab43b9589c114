// The icons have the sizes Teams and Outlook require, the outline icon is white on transparent, and both are
// reproducible from manifest/make-icons.mjs. Decoded with pngjs, independently of the generator's encoder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { manifestDir, readJson, tempDir } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');

const manifest = readJson(join(manifestDir, 'manifest.json'));
const read = (name) => PNG.sync.read(readFileSync(join(manifestDir, name)));

function pixels(png) {
  const out = [];
  for (let i = 0; i < png.data.length; i += 4) out.push([...png.data.subarray(i, i + 4)]);
  return out;
}

describe('icons', () => {
  test('the manifest names color.png and outline.png', () => {
    assert.deepEqual(manifest.icons, { color: 'color.png', outline: 'outline.png' });
  });

  test('color.png is a 192x192 PNG, opaque, in the accent colour', () => {
    const png = read('color.png');
    assert.equal(png.width, 192);
    assert.equal(png.height, 192);
    const px = pixels(png);
    assert.ok(px.every(([, , , a]) => a === 255), 'colour icon must be opaque (full-bleed background)');
    const accent = manifest.accentColor.match(/[0-9a-f]{2}/gi).map((h) => parseInt(h, 16));
    assert.deepEqual(px[0].slice(0, 3), accent, 'corner pixel is the accent colour');
  });

  test('outline.png is a 32x32 PNG with alpha, only white or transparent pixels', () => {
    const png = read('outline.png');
    assert.equal(png.width, 32);
    assert.equal(png.height, 32);
    assert.ok(png.alpha, 'outline icon needs an alpha channel');
    const px = pixels(png);
    const notWhite = px.filter(([r, g, b, a]) => a > 0 && (r !== 255 || g !== 255 || b !== 255));
    assert.equal(notWhite.length, 0, `non-white visible pixels: ${JSON.stringify(notWhite.slice(0, 3))}`);
    const transparent = px.filter(([, , , a]) => a === 0).length;
    assert.ok(transparent > 0 && transparent < px.length, `transparent pixels: ${transparent}/${px.length}`);
    assert.ok(px.some(([, , , a]) => a === 255), 'some fully white pixels');
  });

  test('make-icons.mjs reproduces both files byte for byte', () => {
    const dir = tempDir('tutorbot-icons-');
    const run = spawnSync(process.execPath, [join(manifestDir, 'make-icons.mjs'), dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    for (const name of ['color.png', 'outline.png']) {
      assert.ok(readFileSync(join(dir, name)).equals(readFileSync(join(manifestDir, name))), `${name} differs from a fresh render`);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
