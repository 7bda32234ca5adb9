/**
 * `npm run bench:bundle` (after `npm run build`): the first-load JavaScript of each page, i.e. the
 * framework's root chunks plus every chunk the page's segments (layouts, page, boundaries) load,
 * raw and gzipped. Next.js 16 no longer prints these sizes itself.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const NEXT = path.join(process.cwd(), ".next");

interface RscManifest {
  entryJSFiles?: Record<string, string[]>;
}

async function main(): Promise<void> {
  const build = JSON.parse(await readFile(path.join(NEXT, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
    polyfillFiles: string[];
  };
  const sizes = new Map<string, { raw: number; gzip: number }>();
  async function sizeOf(file: string) {
    let size = sizes.get(file);
    if (!size) {
      const bytes = await readFile(path.join(NEXT, file));
      size = { raw: bytes.length, gzip: gzipSync(bytes).length };
      sizes.set(file, size);
    }
    return size;
  }

  const rows: { route: string; raw: number; gzip: number }[] = [];
  const appDir = path.join(NEXT, "server", "app");
  const manifests = (await readdir(appDir, { recursive: true }))
    .filter((f) => f.endsWith("page_client-reference-manifest.js"))
    .map((f) => path.join("server", "app", f));
  for (const file of manifests.sort()) {
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST: run it in a bare context.
    const context = vm.createContext({}) as { __RSC_MANIFEST?: Record<string, RscManifest> };
    vm.runInContext(await readFile(path.join(NEXT, file), "utf8"), context);
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
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log("First-load JS per page (excluding polyfills for old browsers)");
  console.log(`${"route".padEnd(28)}${"raw".padStart(12)}${"gzip".padStart(12)}`);
  for (const row of rows)
    console.log(`${row.route.padEnd(28)}${kb(row.raw).padStart(12)}${kb(row.gzip).padStart(12)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error("Run `npm run build` first.");
  process.exit(1);
});
