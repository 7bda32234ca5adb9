/**
 * The benchmarks' configuration: each one's variables, validated with zod. Read through
 * lib/env.ts's parseEnv (the only reader of process.env), with the app's own field rules.
 */
import { z } from "zod";
import { emptyAsUndefined, parseEnv, postgresUrl, webhookSecrets } from "../lib/env";

/** A TCP port; 0 where the benchmark takes a free one. */
const port = (fallback: number, min = 1, max = 65535) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

// `npm run bench:admin` (bench/admin/): the PostgreSQL it seeds and measures (data kept between runs).
const adminBenchSchema = z.object({
  BENCH_ADMIN_DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    postgresUrl.default("postgresql://postgres:postgres@127.0.0.1:5432/seller_connect_admin"),
  ),
  BENCH_ADMIN_PORT: port(3302),
  BENCH_SELLERS: z.coerce.number().int().min(1000).max(10_000_000).default(100_000),
  BENCH_RUNS: z.coerce.number().int().min(5).max(1000).default(40),
});

/** Configuration of the admin console benchmark (bench/admin/). */
export function adminBenchEnv(): z.infer<typeof adminBenchSchema> {
  return parseEnv(adminBenchSchema);
}

// `npm run bench:webhooks` (bench/webhooks/): its database's schemas are recreated!
const webhooksBenchSchema = z.object({
  BENCH_WEBHOOKS_DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    postgresUrl.default("postgresql://postgres:postgres@127.0.0.1:5432/seller_connect_wh"),
  ),
  // The benchmark's servers listen on this port (the app), +1 (the Next.js floor), +2 (bare
  // node:http), +3 (the Stripe emulator of the soak test) and +4 (the app with logging silent).
  BENCH_WEBHOOKS_PORT: port(3260, 1, 65531),
});

/** Configuration of `npm run bench:webhooks` (bench/webhooks/). Its schemas are emptied first! */
export function webhooksBenchEnv(): z.infer<typeof webhooksBenchSchema> {
  return parseEnv(webhooksBenchSchema);
}

const baselineSchema = z.object({
  DATABASE_URL: postgresUrl,
  STRIPE_CONNECT_WEBHOOK_SECRET: webhookSecrets,
  PORT: port(3000),
});

/** What the webhook benchmark's two baseline servers (bench/webhooks/) are started with. */
export function baselineEnv(): z.infer<typeof baselineSchema> {
  return parseEnv(baselineSchema);
}

// `npm run bench:dev-start` (bench/dev-start/): the ports of the `npm run dev` it times (the app,
// the Stripe emulator, the embedded database), so that it runs beside a dev server. 0 (the
// default): a free port, found at start.
const devStartBenchSchema = z.object({
  BENCH_DEV_START_PORT: port(0, 0),
  BENCH_DEV_START_STRIPE_EMULATOR_PORT: port(0, 0),
  BENCH_DEV_START_EMBEDDED_DB_PORT: port(0, 0),
});

/** Configuration of `npm run bench:dev-start` (bench/dev-start/). */
export function devStartBenchEnv(): z.infer<typeof devStartBenchSchema> {
  return parseEnv(devStartBenchSchema);
}

// `npm run bench:lighthouse` (bench/lighthouse/): the production build on this port, its Stripe
// emulator on +10 and its embedded database on +20 (in memory, thrown away).
const lighthouseBenchSchema = z.object({
  BENCH_LIGHTHOUSE_PORT: port(3340, 1, 65515),
});

/** Configuration of `npm run bench:lighthouse` (bench/lighthouse/). */
export function lighthouseBenchEnv(): z.infer<typeof lighthouseBenchSchema> {
  return parseEnv(lighthouseBenchSchema);
}
