import "server-only";
import type { ActivityKind } from "@/lib/generated/prisma/client";

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
