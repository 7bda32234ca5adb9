import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env, type AppEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";

// One pool and one client per process, created on first use (so `next build` needs no database)
// and kept on globalThis so dev-mode hot reloads do not open new pools. The client's adapter runs
// on the pool, which the webhook hot path (lib/data/webhook-batch.ts) shares: one set of
// connections, DATABASE_POOL_MAX at most (PGlite serves one session). `db().$disconnect()` ends
// the pool; the next call to either makes new ones.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pgPool?: pg.Pool };

/**
 * No request waits for the database without bound: a connection (new, or a free one from the
 * pool) within DATABASE_CONNECT_TIMEOUT_MS, a statement within DATABASE_STATEMENT_TIMEOUT_MS. The
 * server cancels a slow statement itself (statement_timeout); the client gives up a little later
 * (query_timeout) when the server does not answer at all (frozen, or a network black hole), and
 * the pool then discards that connection. TCP keep-alive finds connections whose peer vanished.
 */
function poolTimeouts(
  config: Pick<
    AppEnv,
    "DATABASE_CONNECT_TIMEOUT_MS" | "DATABASE_STATEMENT_TIMEOUT_MS" | "DATABASE_IDLE_TIMEOUT_MS"
  >,
): pg.PoolConfig {
  return {
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + 1_000,
    idleTimeoutMillis: config.DATABASE_IDLE_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/** The pg pool under the Prisma client, for the few hot paths that send their own SQL. */
export function pool(): pg.Pool {
  return ensure().pool;
}

export function db(): PrismaClient {
  return ensure().prisma;
}

function ensure(): { pool: pg.Pool; prisma: PrismaClient } {
  const { prisma, pgPool } = globalForPrisma;
  if (prisma && pgPool && !pgPool.ended) return { pool: pgPool, prisma };
  const config = env();
  const created = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    ...poolTimeouts(config),
  });
  // An idle connection dropped by the server must not crash the process (the pool replaces it).
  created.on("error", (error) => {
    log().warn({ reason: error.message }, "idle database connection lost");
  });
  const adapter = new PrismaPg(created, { disposeExternalPool: true });
  globalForPrisma.pgPool = created;
  globalForPrisma.prisma = new PrismaClient({ adapter });
  return { pool: created, prisma: globalForPrisma.prisma };
}
