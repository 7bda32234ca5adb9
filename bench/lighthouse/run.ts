/**
 * `npm run bench:lighthouse [-- --skip-build --runs N]`: Lighthouse's four scores for each main
 * page at mobile and desktop settings, against the production build.
 *
 * 1. Builds the app (unless --skip-build) and starts it as `npm start` does (scripts/serve.ts
 *    start) on a throwaway embedded database and its own Stripe emulator
 *    (BENCH_LIGHTHOUSE_PORT, default 3340; the emulator on +10, the database on +20).
 * 2. Creates the demo users, signs in as each, and connects the demo seller to a new emulated
 *    account with sample data (the emulator's "Skip this form", as Stripe's test mode offers), so
 *    that the seller's pages show what a connected seller sees.
 * 3. Runs Lighthouse (the machine's Chromium, headless) on every page, signed in as the page's
 *    user, --runs times (default 1) per page and setting, and prints each category's median score
 *    against the target (performance, accessibility and best practices ≥ 95 at mobile settings).
 * A benchmark, not a test: it exits 0 whatever the scores, and 1 only when it could not measure.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import { EMBEDDED_CLIENT_ENV } from "@/lib/db/embedded-client";
import { DEMO_USERS } from "@/lib/demo-users";
import { childEnv } from "@/lib/env";
import { chromiumPath } from "../../e2e/chromium";
import { exited, waitUntilUp } from "../child";
import { lighthouseBenchEnv } from "../env";
import { cookiesOf, signIn } from "../session";

const require = createRequire(import.meta.url);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
/** The bar, at mobile settings; SEO is printed but has no target (pages behind sign-in). */
const TARGET = { performance: 95, accessibility: 95, "best-practices": 95 } as const;

type Who = "visitor" | "seller" | "admin";
interface PageCase {
  path: string;
  who: Who;
}

const { values: flags } = parseArgs({
  options: {
    "skip-build": { type: "boolean", default: false },
    runs: { type: "string", default: "1" },
  },
});
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number above 0");

/** Posts `form` to `url`, then follows redirects by hand, sending `cookie` only to the app. */
async function postAndFollow(url: string, form: URLSearchParams, base: string, cookie: string) {
  let response = await fetch(url, { method: "POST", body: form, redirect: "manual" });
  for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
    url = new URL(response.headers.get("location") ?? "", url).toString();
    response = await fetch(url, {
      redirect: "manual",
      headers: url.startsWith(base) ? { Cookie: cookie } : {},
    });
  }
  return url;
}

/** Connects the signed-in seller to a new emulated account (the authorize page's Skip). */
async function connectSeller(base: string, cookie: string): Promise<void> {
  const authorize = await fetch(`${base}/api/stripe/connect/authorize`, {
    redirect: "manual",
    headers: { Cookie: cookie },
  });
  const page = new URL(authorize.headers.get("location") ?? "");
  const confirm = new URL("/oauth/authorize/confirm", page).toString();
  const url = await postAndFollow(
    confirm,
    new URLSearchParams({ authorize_query: page.search.slice(1), action: "skip" }),
    base,
    cookie,
  );
  if (new URL(url).searchParams.get("connect") !== "connected") {
    throw new Error(`connecting the demo seller ended at ${url}`);
  }
}

/** The first account page linked from the admin accounts list. */
async function firstAccountPath(base: string, cookie: string): Promise<string> {
  const html = await (
    await fetch(`${base}/admin/accounts`, { headers: { Cookie: cookie } })
  ).text();
  const found = /href="(\/admin\/accounts\/[^"?#/]+)"/.exec(html)?.[1];
  if (!found) throw new Error("no account linked from /admin/accounts");
  return found;
}

const LIGHTHOUSE = require.resolve("lighthouse/cli/index.js");

/**
 * One Lighthouse run through its own command, under plain Node: tsx's transform of Lighthouse's
 * files adds a helper to functions that Lighthouse sends into the page, where it does not exist.
 * The cookie goes in a file, not on the command line.
 */
async function audit(url: string, chromePort: number, headersFile: string, desktop: boolean) {
  const child = spawn(
    process.execPath,
    [
      LIGHTHOUSE,
      url,
      `--port=${String(chromePort)}`,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      `--only-categories=${CATEGORIES.join(",")}`,
      `--extra-headers=${headersFile}`,
      ...(desktop ? ["--preset=desktop"] : []),
    ],
    { stdio: ["ignore", "pipe", "inherit"], env: childEnv({}) },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  await exited(child);
  return JSON.parse(out) as {
    finalDisplayedUrl: string;
    categories: Record<string, { score: number | null } | undefined>;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

async function main(): Promise<void> {
  const config = lighthouseBenchEnv();
  const port = config.BENCH_LIGHTHOUSE_PORT;
  const base = `http://localhost:${String(port)}`;
  const tsx = require.resolve("tsx/cli");
  const dbPort = port + 20;
  const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${String(dbPort)}/postgres`;

  if (!flags["skip-build"]) {
    console.log("[bench] building the app (skip with -- --skip-build)");
    await exited(
      spawn(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
        stdio: "inherit",
        env: childEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
      }),
    );
  }
  const server = spawn(process.execPath, [tsx, "scripts/serve.ts", "start"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: childEnv({
      PORT: String(port),
      APP_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      PGLITE_DATA_DIR: "memory://",
      EMBEDDED_DB_PORT: String(dbPort),
      STRIPE_EMULATOR_PORT: String(port + 10),
      STRIPE_EMULATOR_STATE_FILE: "memory://",
      STRIPE_EMULATOR_IN_PRODUCTION: "true",
      // Required in production; nothing here sends mail.
      SMTP_URL: "smtp://127.0.0.1:9",
      LOG_LEVEL: "warn",
    }),
  });
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  const scratch = await mkdtemp(path.join(tmpdir(), "bench-lighthouse-"));
  try {
    await waitUntilUp(`${base}/api/health/ready`, server, 300);
    await exited(
      spawn(process.execPath, [tsx, "--conditions=react-server", "prisma/seed.ts"], {
        stdio: "inherit",
        env: childEnv({ DATABASE_URL: databaseUrl, ...EMBEDDED_CLIENT_ENV }),
      }),
    );
    const cookies: Record<Who, string> = { visitor: "", seller: "", admin: "" };
    for (const user of DEMO_USERS) {
      cookies[user.role === "ADMIN" ? "admin" : "seller"] = await signIn(base, user);
    }
    await connectSeller(base, cookies.seller);
    // The visitor's pages need no cookie but next-auth's CSRF one, which a first visit gets.
    cookies.visitor = cookiesOf(await fetch(`${base}/api/auth/csrf`));

    const pages: PageCase[] = [
      { path: "/", who: "visitor" },
      { path: "/sign-in", who: "visitor" },
      { path: "/sign-up", who: "visitor" },
      { path: "/settings", who: "seller" },
      { path: "/dashboard", who: "seller" },
      { path: "/admin", who: "admin" },
      { path: "/admin/accounts", who: "admin" },
      { path: await firstAccountPath(base, cookies.admin), who: "admin" },
      { path: "/admin/team", who: "admin" },
      { path: "/admin/system", who: "admin" },
    ];

    const headersFiles = {} as Record<Who, string>;
    for (const who of ["visitor", "seller", "admin"] as const) {
      headersFiles[who] = path.join(scratch, `${who}.json`);
      await writeFile(headersFiles[who], JSON.stringify({ Cookie: cookies[who] }), { mode: 0o600 });
    }
    chrome = await chromeLauncher.launch({
      chromePath: chromiumPath(),
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
    const rows: { page: string; setting: string; scores: Record<string, number> }[] = [];
    for (const setting of ["mobile", "desktop"] as const) {
      for (const page of pages) {
        const samples: Record<string, number[]> = {};
        for (let run = 0; run < runs; run++) {
          const lhr = await audit(
            `${base}${page.path}`,
            chrome.port,
            headersFiles[page.who],
            setting === "desktop",
          );
          const landed = new URL(lhr.finalDisplayedUrl).pathname;
          if (landed !== page.path) throw new Error(`${page.path} ended at ${landed}`);
          for (const id of CATEGORIES) {
            (samples[id] ??= []).push(Math.round((lhr.categories[id]?.score ?? 0) * 100));
          }
        }
        const scores = Object.fromEntries(CATEGORIES.map((id) => [id, median(samples[id] ?? [])]));
        rows.push({ page: `${page.path} (${page.who})`, setting, scores });
        console.log(`[bench] ${setting} ${page.path}: ${JSON.stringify(scores)}`);
      }
    }

    const width = Math.max(...rows.map((row) => row.page.length));
    console.log(
      `\nLighthouse 12.2.3, production build, median of ${String(runs)} run(s) per page and setting`,
    );
    console.log(
      `${"page".padEnd(width)}  setting  performance  accessibility  best-practices  seo`,
    );
    for (const row of rows) {
      const cell = (id: (typeof CATEGORIES)[number], size: number) => {
        const score = row.scores[id] ?? NaN;
        const target = id in TARGET ? TARGET[id as keyof typeof TARGET] : undefined;
        const mark =
          row.setting === "mobile" && target !== undefined ? (score >= target ? " ✓" : " ✗") : "  ";
        return `${String(score).padStart(size - 2)}${mark}`;
      };
      console.log(
        `${row.page.padEnd(width)}  ${row.setting.padEnd(7)}  ${cell("performance", 11)}  ${cell("accessibility", 13)}  ${cell("best-practices", 14)}  ${cell("seo", 5)}`,
      );
    }
    console.log(
      `Targets at mobile settings: performance, accessibility and best practices ≥ 95 (✓/✗).`,
    );
  } finally {
    chrome?.kill();
    server.kill("SIGTERM");
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
