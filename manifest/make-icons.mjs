// Draws the two app icons the manifest needs and writes them as PNG (RGBA, 8 bits per channel):
//   color.png    192x192, the mortarboard in white on the accent colour (#1E5AA8), full bleed.
//   outline.png   32x32,  the same mortarboard in white on a fully transparent background.
// Reproducible and dependency-free: `node manifest/make-icons.mjs` rewrites both files byte for byte.
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// An optional argument writes them elsewhere (the tests regenerate into a temporary folder and compare).
const here = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const ACCENT = [0x1e, 0x5a, 0xa8];

// The glyph in unit coordinates (0..1, y down): a mortarboard (rhombus), its cap and a tassel.
function insideGlyph(x, y) {
  const r = Math.abs(x - 0.5) / 0.4 + Math.abs(y - 0.41) / 0.16; // rhombus "distance" from the board's centre
  const board = r <= 1;
  const cap = x >= 0.3 && x <= 0.7 && y >= 0.47 && y <= 0.69 && r > 1.3; // a thin gap separates cap and board
  const tassel = x >= 0.79 && x <= 0.83 && y >= 0.41 && y <= 0.69;
  const knot = (x - 0.81) ** 2 + (y - 0.71) ** 2 <= 0.035 ** 2;
  return board || cap || tassel || knot;
}

// Coverage of one pixel by the glyph, 8x8 supersampled, scaled so the glyph keeps a margin.
function coverage(px, py, size, margin) {
  const n = 8;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const u = ((px + (i + 0.5) / n) / size - margin) / (1 - 2 * margin);
      const v = ((py + (j + 0.5) / n) / size - margin) / (1 - 2 * margin);
      if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && insideGlyph(u, v)) hits++;
    }
  }
  return hits / (n * n);
}

function draw(size, margin, background) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, margin);
      const o = (y * size + x) * 4;
      if (background) {
        // White glyph blended over the opaque accent colour.
        for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(background[k] * (1 - c) + 255 * c);
        rgba[o + 3] = 255;
      } else {
        // Outline icon: white everywhere, the glyph only in the alpha channel.
        rgba[o] = rgba[o + 1] = rgba[o + 2] = c > 0 ? 255 : 0;
        rgba[o + 3] = Math.round(255 * c);
      }
    }
  }
  return rgba;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(join(here, 'color.png'), png(192, draw(192, 0.14, ACCENT)));
writeFileSync(join(here, 'outline.png'), png(32, draw(32, 0, null)));
console.log(`wrote ${join(here, 'color.png')} (192x192) and ${join(here, 'outline.png')} (32x32)`);
