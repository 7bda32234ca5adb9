import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One pool and one client per process, created on first use (so `next build` needs no database)
// and kept on globalThis so dev-mode hot reloads do not open new pools. The client's adapter runs
// on the pool, which the webhook hot path (lib/data/webhook-batch.ts) shares: one set of
// connections, DATABASE_POOL_MAX at most (PGlite serves one session). `db().$disconnect()` ends
// the pool; the next call to either makes new ones.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pgPool?: pg.Pool };

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
  const { DATABASE_URL, DATABASE_POOL_MAX } = env();
  const created = new pg.Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_MAX });
  // An idle connection dropped by the server must not crash the process (the pool replaces it).
  created.on("error", (error) => {
    console.warn(`Idle database connection lost: ${error.message}`);
  });
  const adapter = new PrismaPg(created, { disposeExternalPool: true });
  globalForPrisma.pgPool = created;
  globalForPrisma.prisma = new PrismaClient({ adapter });
  return { pool: created, prisma: globalForPrisma.prisma };
}
