import "server-only";
import { db } from "@/lib/db";
import type { ActivityKind, Prisma } from "@/lib/generated/prisma/client";

export interface NewActivityItem {
  /** Stripe's ch_ / po_ id. */
  id: string;
  kind: ActivityKind;
  stripeAccountId: string;
  amount: number;
  currency: string;
  description: string | null;
  occurredAt: Date;
  eventId: string;
}

/** Adds payments and payouts to sellers' activity feeds, in one statement (a known id is kept). */
export async function recordActivity(
  items: NewActivityItem[],
  tx: Prisma.TransactionClient = db(),
): Promise<void> {
  if (items.length === 0) return;
  // Raw SQL, one statement for the batch: several times cheaper in CPU than createMany.
  const column = <K extends keyof NewActivityItem>(key: K) => items.map((item) => item[key]);
  await tx.$executeRaw`
    INSERT INTO "ActivityItem"
      (id, kind, "stripeAccountId", amount, currency, description, "occurredAt", "eventId")
    SELECT * FROM unnest(
      ${column("id")}::text[], ${column("kind")}::"ActivityKind"[],
      ${column("stripeAccountId")}::text[], ${column("amount")}::int[], ${column("currency")}::text[],
      ${column("description")}::text[], ${column("occurredAt")}::timestamp(3)[],
      ${column("eventId")}::text[])
    ON CONFLICT (id) DO NOTHING`;
}
