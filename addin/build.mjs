// Builds the add-in into addin/dist/, the folder the bot serves under /addin/:
//   taskpane.html, taskpane.css, taskpane.js (one esbuild bundle, MSAL included), assets/icon-{16,32,64,80}.png,
//   commands.html and launchevent.js (the Smart Alerts send check, self-contained)
// `node build.mjs --modules <dir>` also writes the pure modules as ES modules for the node tests.
// Reproducible and offline: the ribbon icons are drawn here (white quotation marks on the accent colour).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { crc32, deflateSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const { values } = parseArgs({ options: { modules: { type: "string" } } });

const common = { bundle: true, target: ["es2022"], logLevel: "warning", legalComments: "none" };

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });
await build({
  ...common,
  entryPoints: [join(here, "src/taskpane/taskpane.ts")],
  outfile: join(dist, "taskpane.js"),
  format: "iife",
  minify: true,
  sourcemap: "linked",
});
// The Smart Alerts handler: one self-contained script (classic Outlook on Windows runs it alone) and its page.
await build({
  ...common,
  entryPoints: [join(here, "src/launchevent/launchevent.ts")],
  outfile: join(dist, "launchevent.js"),
  format: "iife",
  minify: true,
});
for (const file of ["taskpane.html", "taskpane.css"]) copyFileSync(join(here, "src/taskpane", file), join(dist, file));
copyFileSync(join(here, "src/launchevent/commands.html"), join(dist, "commands.html"));
for (const size of [16, 32, 64, 80]) writeFileSync(join(dist, "assets", `icon-${size}.png`), png(size, draw(size)));

if (values.modules) {
  const out = resolve(values.modules);
  mkdirSync(out, { recursive: true });
  await build({
    ...common,
    entryPoints: {
      mentions: join(here, "src/mentions.ts"),
      sendcheck: join(here, "src/sendcheck.ts"),
      report: join(here, "src/taskpane/report.ts"),
      strings: join(here, "src/taskpane/strings.ts"),
    },
    outdir: out,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    platform: "neutral",
  });
}
console.log(`addin: built ${dist}${values.modules ? ` and the test modules in ${resolve(values.modules)}` : ""}`);

// The icon: the accent colour (#1E5AA8), two white quotation marks, 4x4 supersampled.
function draw(size) {
  const accent = [0x1e, 0x5a, 0xa8];
  const inside = (x, y) => {
    for (const cx of [0.34, 0.66]) {
      const dot = (x - cx) ** 2 + (y - 0.42) ** 2 <= 0.11 ** 2;
      const tail = x >= cx && x <= cx + 0.1 && y >= 0.42 && y <= 0.7 && x - cx >= (y - 0.42) * 0.3;
      if (dot || tail) return true;
    }
    return false;
  };
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++;
      const c = hits / 16;
      const o = (py * size + px) * 4;
      for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(accent[k] * (1 - c) + 255 * c);
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

function png(size, rgba) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
