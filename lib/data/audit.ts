import "server-only";
import { db } from "@/lib/db";
import type { AuditAction, AuditOutcome, Prisma } from "@/lib/generated/prisma/client";

export interface AuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  /** Who acted: a user id, or null when Stripe told us (webhook, API answer). */
  actorId: string | null;
  subjectUserId?: string | null;
  connectionId?: string | null;
  stripeAccountId?: string | null;
  detail?: string;
}

/** Records one entry, inside `tx` when given so it commits with the change it describes. */
export async function recordAudit(
  entry: AuditEntry,
  tx: Prisma.TransactionClient = db(),
): Promise<void> {
  await tx.auditEvent.create({ data: entry });
}

/** A connection's history (connects, disconnects, revocations, admin actions), newest first. */
export function listConnectionHistory(connectionId: string, take = 100) {
  return db().auditEvent.findMany({
    where: { connectionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** Admin role changes and invitations, newest first (the Team page's history). */
export function listTeamHistory(take = 20) {
  return db().auditEvent.findMany({
    where: { action: { in: ["GRANT_ADMIN", "REVOKE_ADMIN", "INVITE_ADMIN"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
