import "server-only";
import { db, pool } from "@/lib/db";

export interface StripeApiFailure {
  method: string;
  /** The path with its ids taken out (lib/metrics.ts stripeEndpoint). */
  endpoint: string;
  status: number;
  /** Stripe's Request-Id (req_…), to find the call in Stripe's Dashboard logs. */
  requestId: string | null;
  /** The connected account the call was for, when Stripe's answer names it (Stripe-Account). */
  account: string | null;
}

/** Records refused or failed Stripe calls (lib/stripe/api-errors.ts notes and flushes them). */
export async function recordStripeApiErrors(
  failures: (StripeApiFailure & { at: Date })[],
): Promise<void> {
  await db().stripeApiError.createMany({ data: failures });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The System page's view: the latest failures, and counts over the last day (429s apart). */
export async function summarizeStripeApiErrors(now = new Date(), take = 20) {
  const since = new Date(now.getTime() - DAY_MS);
  const [latest, counts] = await Promise.all([
    db().stripeApiError.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take }),
    db().stripeApiError.groupBy({
      by: ["status"],
      where: { at: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  const total = counts.reduce((sum, c) => sum + c._count._all, 0);
  const rateLimited = counts.find((c) => c.status === 429)?._count._all ?? 0;
  return { latest, total, rateLimited };
}

/** Deletes up to `batch` failures recorded before `before`; returns how many. */
export async function pruneStripeApiErrors(before: Date, batch = 1000): Promise<number> {
  const { rowCount } = await pool().query(
    `DELETE FROM "StripeApiError" WHERE id IN (
       SELECT id FROM "StripeApiError" WHERE "at" < $1 LIMIT $2)`,
    [before, batch],
  );
  return rowCount ?? 0;
}
