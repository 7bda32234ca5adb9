/**
 * `npm run bench:bundle` (after `npm run build`): the first-load JavaScript of each page, i.e. the
 * framework's root chunks plus every chunk the page's segments (layouts, page, boundaries) load,
 * raw and gzipped, against a blank Next.js page (bench/bundle/blank, the same Next.js) measured
 * the same way, which this builds first (`--skip-blank-build`: use its last build). Next.js 16
 * no longer prints these sizes itself. Target: every page within 1.03× of the blank one.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { childEnv } from "@/lib/env";

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve("next/dist/bin/next");
const APP_BUILD = path.join(process.cwd(), ".next");
const BLANK_DIR = path.join(process.cwd(), "bench", "bundle", "blank");
const TARGET_RATIO = 1.03;

interface RscManifest {
  entryJSFiles?: Record<string, string[]>;
}

interface Row {
  route: string;
  raw: number;
  gzip: number;
}

/** Each page's first-load JavaScript in the build at `nextDir` (a `.next` directory). */
async function firstLoadJs(nextDir: string): Promise<Row[]> {
  const build = JSON.parse(await readFile(path.join(nextDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const sizes = new Map<string, { raw: number; gzip: number }>();
  async function sizeOf(file: string) {
    let size = sizes.get(file);
    if (!size) {
      const bytes = await readFile(path.join(nextDir, file));
      size = { raw: bytes.length, gzip: gzipSync(bytes).length };
      sizes.set(file, size);
    }
    return size;
  }

  const rows: Row[] = [];
  const appDir = path.join(nextDir, "server", "app");
  const manifests = (await readdir(appDir, { recursive: true }))
    .filter((f) => f.endsWith("page_client-reference-manifest.js"))
    .map((f) => path.join("server", "app", f));
  for (const file of manifests.sort()) {
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST: run it in a bare context.
    const context = vm.createContext({}) as { __RSC_MANIFEST?: Record<string, RscManifest> };
    vm.runInContext(await readFile(path.join(nextDir, file), "utf8"), context);
    const [key, manifest] = Object.entries(context.__RSC_MANIFEST ?? {})[0] ?? [];
    if (!key || !manifest) continue;
    const route = key.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    const files = new Set([
      ...build.rootMainFiles,
      ...Object.values(manifest.entryJSFiles ?? {}).flat(),
    ]);
    let raw = 0;
    let gzip = 0;
    for (const chunk of files) {
      const size = await sizeOf(chunk);
      raw += size.raw;
      gzip += size.gzip;
    }
    rows.push({ route, raw, gzip });
  }
  return rows;
}

/** Builds the blank page (its output in bench/bundle/blank/.next); exits if the build fails. */
function buildBlank(): void {
  console.log("Building the blank Next.js page (next build bench/bundle/blank)…");
  const build = spawnSync(process.execPath, [NEXT_BIN, "build", BLANK_DIR], {
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
    encoding: "utf8",
  });
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    throw new Error("The blank page's build failed.");
  }
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({ options: { "skip-blank-build": { type: "boolean" } } });
  if (!existsSync(path.join(APP_BUILD, "build-manifest.json"))) {
    throw new Error("No build of the app: run `npm run build` first.");
  }
  if (!flags["skip-blank-build"] || !existsSync(path.join(BLANK_DIR, ".next"))) buildBlank();
  const [rows, blankRows] = await Promise.all([
    firstLoadJs(APP_BUILD),
    firstLoadJs(path.join(BLANK_DIR, ".next")),
  ]);
  const blank = blankRows.find((row) => row.route === "/");
  if (!blank) throw new Error("The blank build has no page at /.");
  if (rows.length === 0) throw new Error("The app's build has no pages.");

  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const ratio = (row: Row) => row.gzip / blank.gzip;
  console.log("First-load JS per page (excluding polyfills for old browsers)");
  console.log(
    `${"route".padEnd(28)}${"raw".padStart(12)}${"gzip".padStart(12)}${"× blank".padStart(10)}`,
  );
  const line = (row: Row, label = row.route) =>
    `${label.padEnd(28)}${kb(row.raw).padStart(12)}${kb(row.gzip).padStart(12)}${`${ratio(row).toFixed(3)}×`.padStart(10)}`;
  for (const row of rows) console.log(line(row));
  console.log(line(blank, "blank Next.js page"));
  const worst = rows.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  const met = ratio(worst) <= TARGET_RATIO;
  console.log(
    `Heaviest page: ${worst.route}, ${ratio(worst).toFixed(3)}× the blank page (${kb(worst.gzip - blank.gzip)} more gzipped; target ≤ ${TARGET_RATIO.toFixed(2)}×: ${met ? "met" : "MISSED"})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
