import "server-only";
import { pool } from "@/lib/db";

/**
 * The rows of rate-limiter-flexible's PostgreSQL store (table "RateLimit", lib/auth/rate-limit.ts)
 * whose window has ended: the library ignores them, and they are deleted by pruning. Up to
 * `batch`; returns how many.
 */
export async function deleteExpiredRateLimits(now: Date, batch: number): Promise<number> {
  const { rowCount } = await pool().query(
    `DELETE FROM "RateLimit" WHERE key IN (
       SELECT key FROM "RateLimit" WHERE expire < $1 LIMIT $2)`,
    [now.getTime(), batch],
  );
  return rowCount ?? 0;
}
