// Builds the coordinator page into coordinator/dist/, the folder the bot serves under /coordinator
// (Roster:PageDirectory): index.html, app.css, app.js and, loaded only when needed, the MSAL / teams-js chunks.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: { app: join(here, "src/main.ts") },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  chunkNames: "chunks/[name]-[hash]",
});
for (const file of ["index.html", "app.css"]) copyFileSync(join(here, "src", file), join(dist, file));
console.log(`coordinator: built ${dist}`);
