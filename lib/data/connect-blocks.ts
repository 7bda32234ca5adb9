import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { db } from "@/lib/db";
import type { ConnectBlock, Prisma } from "@/lib/generated/prisma/client";

export type { ConnectBlock };

/** Whom a block can stop: a seller (by user id), a Stripe account (by anyone), or either. */
export interface BlockSubject {
  userId?: string;
  stripeAccountId?: string;
}

/**
 * THE rule "is this seller / this Stripe account blocked": an active (not lifted) block on the
 * seller, or on the account whoever connects it. Every check (Settings, the authorize route, the
 * callback, Stripe's authorized event, the admin page) goes through this one condition.
 */
function activeBlockWhere({
  userId,
  stripeAccountId,
}: BlockSubject): Prisma.ConnectBlockWhereInput {
  const subjects: Prisma.ConnectBlockWhereInput[] = [];
  if (userId !== undefined) subjects.push({ userId });
  if (stripeAccountId !== undefined) subjects.push({ stripeAccountId });
  // Neither given: nothing can match (an empty OR would match every row).
  return { liftedAt: null, OR: subjects.length > 0 ? subjects : [{ id: { in: [] } }] };
}

/** The newest active block on the seller or the account, if any (see activeBlockWhere). */
export function getActiveBlock(
  subject: BlockSubject,
  tx: Prisma.TransactionClient = db(),
): Promise<ConnectBlock | null> {
  return tx.connectBlock.findFirst({
    where: activeBlockWhere(subject),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

/** Every active block on the seller or the account, newest first (the admin account page). */
export function listActiveBlocks(subject: BlockSubject): Promise<ConnectBlock[]> {
  return db().connectBlock.findMany({
    where: activeBlockWhere(subject),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

/**
 * What the seller may read about their own block: the message written for them and when, never
 * the internal reason (it is not even selected).
 */
export function getSellerBlock(
  userId: string,
): Promise<{ sellerMessage: string; createdAt: Date } | null> {
  return db().connectBlock.findFirst({
    where: activeBlockWhere({ userId }),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { sellerMessage: true, createdAt: true },
  });
}

export interface NewBlock {
  userId: string;
  stripeAccountId: string;
  connectionId: string;
  /** The admin's internal reason (admins only). */
  reason: string;
  /** What the seller reads. */
  sellerMessage: string;
  createdById: string;
}

/**
 * Blocks the seller and the account of a force-disconnected connection, audited as BLOCK, in one
 * transaction (`tx` when given, so that it commits with the disconnect). A connection already
 * blocked keeps its block (an admin trying again after an unconfirmed force-disconnect).
 */
export function createBlock(input: NewBlock, tx?: Prisma.TransactionClient): Promise<ConnectBlock> {
  return tx ? createIn(tx, input) : db().$transaction((t) => createIn(t, input));
}

async function createIn(tx: Prisma.TransactionClient, input: NewBlock): Promise<ConnectBlock> {
  const existing = await tx.connectBlock.findFirst({
    where: { connectionId: input.connectionId, liftedAt: null },
  });
  if (existing) return existing;
  const block = await tx.connectBlock.create({ data: input });
  await recordAudit(
    {
      action: "BLOCK",
      outcome: "SUCCESS",
      actorId: input.createdById,
      subjectUserId: input.userId,
      connectionId: input.connectionId,
      stripeAccountId: input.stripeAccountId,
      detail: input.reason,
    },
    tx,
  );
  return block;
}

/**
 * Lifts an active block (an admin's "Unblock"), audited as UNBLOCK, in one transaction. Returns
 * the block as lifted, or null (changing nothing) when there is no such active block.
 */
export function liftBlock(blockId: string, adminId: string, at = new Date()) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.connectBlock.updateMany({
      where: { id: blockId, liftedAt: null },
      data: { liftedAt: at, liftedById: adminId },
    });
    if (count === 0) return null;
    const block = await tx.connectBlock.findUniqueOrThrow({ where: { id: blockId } });
    await recordAudit(
      {
        action: "UNBLOCK",
        outcome: "SUCCESS",
        actorId: adminId,
        subjectUserId: block.userId,
        connectionId: block.connectionId,
        stripeAccountId: block.stripeAccountId,
        detail: `Lifted the block set on ${block.createdAt.toISOString()}`,
      },
      tx,
    );
    return block;
  });
}
