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
  await tx.activityItem.createMany({ data: items, skipDuplicates: true });
}
