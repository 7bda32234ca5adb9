/**
 * `npx tsx bench/webhooks/profile-summary.ts FILE.cpuprofile [--top N] [--per N]`
 *
 * Sums up a V8 CPU profile (as written by `npm run bench:webhooks -- --cpu-prof DIR`): the
 * functions with the most self time, and self time by where the code lives (a package in
 * node_modules, Next.js's compiled bundles, the app's own chunks, Node's internals, GC). With
 * `--per N` (deliveries the server answered) each figure is also given in µs per delivery; with
 * `--total name,name` the total time (with what they call) of the functions so named.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "30" },
    per: { type: "string" },
    // Functions whose total time (with what they call) to show, by name: a comma-separated list.
    total: { type: "string", default: "" },
  },
});
const file = positionals[0];
if (!file) throw new Error("usage: profile-summary.ts FILE.cpuprofile [--top N] [--per N]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const per = values.per ? Number(values.per) : null;

/** Where a function's code lives, from its script's URL. */
function area(url: string, name: string): string {
  if (name === "(garbage collector)" || name === "(program)" || name === "(idle)") return name;
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === "next") return "next";
  if (pkg) return pkg;
  if (url.includes("/.next/server/chunks/")) return "app chunks (our code and bundled packages)";
  return url.replace(/^file:\/\//, "");
}

/**
 * A minified bundle's function (Next.js's server chunks) at its place in the source it was built
 * from, through the chunk's source map: `file:line`, or null when there is no map.
 */
const maps = new Map<string, SourceMap | null>();
function original({ url, lineNumber, columnNumber }: ProfileNode["callFrame"]): string | null {
  if (!url.startsWith("file://") || !url.includes("/.next/")) return null;
  let map = maps.get(url);
  if (map === undefined) {
    const file = `${fileURLToPath(url)}.map`;
    map = existsSync(file)
      ? new SourceMap(
          JSON.parse(readFileSync(file, "utf8")) as ConstructorParameters<typeof SourceMap>[0],
        )
      : null;
    maps.set(url, map);
  }
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (!entry || !("originalSource" in entry)) return null;
  const source = decodeURIComponent(entry.originalSource).replace(
    /^.*?(node_modules\/|\[project\]\/)/,
    "$1",
  );
  return `${source.replace(/^(\.\.\/)+/, "")}:${String(entry.originalLine + 1)}`;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const functions = new Map<string, number>();
const areas = new Map<string, number>();
let busy = 0;
for (const [id, micros] of self) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || "(anonymous)";
  if (name === "(idle)") continue;
  busy += micros;
  const source = original(node.callFrame);
  const where = source
    ? source.startsWith("node_modules/")
      ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? source)
      : (source.split(":")[0] ?? source)
    : area(url, name);
  const key = `${name}  ${source ?? (where === url ? url : `${where} ${url.split("/").slice(-1)[0] ?? ""}:${String(lineNumber + 1)}`)}`;
  functions.set(key, (functions.get(key) ?? 0) + micros);
  areas.set(where, (areas.get(where) ?? 0) + micros);
}

const fmt = (micros: number) =>
  `${(micros / 1000).toFixed(0).padStart(8)} ms${per ? ` ${(micros / per).toFixed(0).padStart(6)} µs/delivery` : ""}  ${((micros * 100) / busy).toFixed(1).padStart(5)}%`;
const top = (map: Map<string, number>, n: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

console.log(
  `${file}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy`,
);
console.log("\nSelf time by where the code lives:");
for (const [where, micros] of top(areas, 40)) console.log(`${fmt(micros)}  ${where}`);
console.log(`\nTop ${values.top} functions by self time:`);
for (const [key, micros] of top(functions, Number(values.top)))
  console.log(`${fmt(micros)}  ${key}`);

// The project's own files (mapped from the bundles), each with the time of every sample that has
// one of its functions on the stack: what it costs, with what it calls.
const files = new Map<string, number>();
const functionsTotal = new Map<string, number>();
for (const [id, micros] of self) {
  const seen = new Set<string>();
  const seenFunctions = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    const source = node ? original(node.callFrame) : null;
    if (source && !source.startsWith("node_modules/") && !source.startsWith("turbopack")) {
      seen.add(source.split(":")[0] ?? source);
      seenFunctions.add(source);
    }
  }
  for (const file of seen) files.set(file, (files.get(file) ?? 0) + micros);
  for (const at of seenFunctions) functionsTotal.set(at, (functionsTotal.get(at) ?? 0) + micros);
}
console.log("\nThe project's files, with what they call:");
for (const [file, micros] of top(files, 25)) console.log(`${fmt(micros)}  ${file}`);
console.log("\nThe project's functions (file:line where each starts), with what they call:");
for (const [at, micros] of top(functionsTotal, Number(values.top))) {
  console.log(`${fmt(micros)}  ${at}`);
}

const wanted = new Set(values.total.split(",").filter(Boolean));
if (wanted.size > 0) {
  const totals = new Map<string, number>();
  for (const [id, micros] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName ?? "";
      if (wanted.has(name)) seen.add(name);
    }
    for (const name of seen) totals.set(name, (totals.get(name) ?? 0) + micros);
  }
  console.log("\nTotal time (with what they call):");
  for (const name of wanted) console.log(`${fmt(totals.get(name) ?? 0)}  ${name}`);
}
