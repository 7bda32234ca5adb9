import "server-only";
import { recordAudit } from "@/lib/data/audit";
import type { PublicUser } from "@/lib/data/users";
import { db } from "@/lib/db";
import { Prisma, type AuditAction, type StripeConnection } from "@/lib/generated/prisma/client";
import type { AccountSnapshot } from "@/lib/stripe/account-snapshot";

export type { StripeConnection };

export function getConnection(id: string): Promise<StripeConnection | null> {
  return db().stripeConnection.findUnique({ where: { id } });
}

/** The user's CONNECTED connection, if any (at most one: a partial unique index). */
export function getActiveConnection(userId: string): Promise<StripeConnection | null> {
  return db().stripeConnection.findFirst({ where: { userId, status: "CONNECTED" } });
}

/** What Settings shows: the active connection, else the most recent one that ended. */
export async function getLatestConnection(userId: string): Promise<StripeConnection | null> {
  return (
    (await getActiveConnection(userId)) ??
    db().stripeConnection.findFirst({ where: { userId }, orderBy: { connectedAt: "desc" } })
  );
}

/** The active connection of a Stripe account, whoever it belongs to. */
export function getActiveConnectionByAccount(
  stripeAccountId: string,
): Promise<StripeConnection | null> {
  return db().stripeConnection.findFirst({ where: { stripeAccountId, status: "CONNECTED" } });
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Stores a new active connection and its audit entry in one transaction. Throws a unique
 * violation (see isUniqueViolation) when the user or the account is already actively connected.
 */
export function createConnection(input: {
  seller: Pick<PublicUser, "id" | "name" | "email">;
  stripeAccountId: string;
  scope: string;
  livemode: boolean;
  snapshot: AccountSnapshot | null;
}): Promise<StripeConnection> {
  const userId = input.seller.id;
  return db().$transaction(async (tx) => {
    const connection = await tx.stripeConnection.create({
      data: {
        userId,
        sellerName: input.seller.name,
        sellerEmail: input.seller.email,
        stripeAccountId: input.stripeAccountId,
        scope: input.scope,
        livemode: input.livemode,
        ...(input.snapshot ? { ...input.snapshot, syncedAt: new Date() } : {}),
      },
    });
    await recordAudit(
      {
        action: "CONNECT",
        outcome: "SUCCESS",
        actorId: userId,
        subjectUserId: userId,
        connectionId: connection.id,
        stripeAccountId: input.stripeAccountId,
        detail: `Connected with scope ${input.scope} (${input.livemode ? "live" : "test"} mode)`,
      },
      tx,
    );
    return connection;
  });
}

/**
 * Ends an active connection (DISCONNECTED by a user, or REVOKED as Stripe reports) and audits it,
 * in one transaction. Returns false, changing nothing, when it was no longer active. The audit
 * action is DISCONNECT or REVOKE unless `action` says otherwise (an admin's FORCE_DISCONNECT).
 */
export function endConnection(input: {
  connectionId: string;
  status: "DISCONNECTED" | "REVOKED";
  reason: string;
  actorId: string | null;
  at?: Date;
  action?: AuditAction;
}): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.stripeConnection.updateMany({
      where: { id: input.connectionId, status: "CONNECTED" },
      data: {
        status: input.status,
        disconnectedAt: input.at ?? new Date(),
        disconnectReason: input.reason,
        disconnectedById: input.actorId,
      },
    });
    if (count === 0) return false;
    const connection = await tx.stripeConnection.findUniqueOrThrow({
      where: { id: input.connectionId },
    });
    await recordAudit(
      {
        action: input.action ?? (input.status === "REVOKED" ? "REVOKE" : "DISCONNECT"),
        outcome: "SUCCESS",
        actorId: input.actorId,
        subjectUserId: connection.userId,
        connectionId: connection.id,
        stripeAccountId: connection.stripeAccountId,
        detail: input.reason,
      },
      tx,
    );
    return true;
  });
}

/** Refreshes the stored account snapshot of a connection. */
export async function updateSnapshot(
  connectionId: string,
  snapshot: AccountSnapshot,
): Promise<void> {
  await db().stripeConnection.update({
    where: { id: connectionId },
    data: { ...snapshot, syncedAt: new Date() },
  });
}

/** A connection with its seller, for the admin console; null when there is no such id. */
export function getConnectionWithSeller(id: string) {
  return db().stripeConnection.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, name: true, email: true, role: true, createdAt: true } },
    },
  });
}

/** Every connection a seller has had, newest first (index: userId). */
export function listConnectionsOfSeller(userId: string) {
  return db().stripeConnection.findMany({
    where: { userId },
    orderBy: [{ connectedAt: "desc" }, { id: "desc" }],
    select: { id: true, stripeAccountId: true, status: true, livemode: true, connectedAt: true },
  });
}
