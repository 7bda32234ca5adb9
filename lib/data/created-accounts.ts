import "server-only";
import { db } from "@/lib/db";
import type { CreatedAccount, Prisma } from "@/lib/generated/prisma/client";
import { isUniqueViolation } from "@/lib/data/connections";
import { newSecretToken } from "@/lib/secret-token";

export type { CreatedAccount };

/**
 * The queries on CreatedAccount: the Stripe account the marketplace created for a seller, one per
 * seller and mode (its unique key). The rule they serve (a second click never creates a second
 * account) is lib/stripe/onboarding.ts's.
 */

/**
 * The seller's claim on creating an account in `livemode`: the existing row, or a new one with a
 * fresh Idempotency-Key and `createParams`, the request that key goes with. Of two concurrent
 * calls exactly one inserts (the unique key); the other reads the row the first made, so both send
 * Stripe the same key with the same request.
 */
export async function claimAccountCreation(
  userId: string,
  livemode: boolean,
  createParams: object,
  now = new Date(),
): Promise<{ claim: CreatedAccount; first: boolean }> {
  const existing = await getCreatedAccount(userId, livemode);
  if (existing) return { claim: existing, first: false };
  try {
    const claim = await db().createdAccount.create({
      data: {
        userId,
        livemode,
        idempotencyKey: `create-account-${newSecretToken()}`,
        // Stored as JSON, exactly what is sent (no undefined members).
        createParams: JSON.parse(JSON.stringify(createParams)) as Prisma.InputJsonObject,
        // The first click holds the lease from the start.
        creatingUntil: new Date(now.getTime() + CREATION_LEASE_MS),
      },
    });
    return { claim, first: true };
  } catch (caught) {
    if (!isUniqueViolation(caught)) throw caught;
    const claim = await getCreatedAccount(userId, livemode);
    if (!claim) throw caught;
    return { claim, first: false };
  }
}

/** How long a click may take to get Stripe's answer before another one may ask again. */
export const CREATION_LEASE_MS = 2 * 60_000;

/**
 * Takes the lease on asking Stripe for the claim's account, if no account is recorded and nobody
 * holds it (the last holder failed, or died): true for exactly one of concurrent callers.
 */
export async function takeCreationLease(claimId: string, now = new Date()): Promise<boolean> {
  const { count } = await db().createdAccount.updateMany({
    where: {
      id: claimId,
      stripeAccountId: null,
      OR: [{ creatingUntil: null }, { creatingUntil: { lt: now } }],
    },
    data: { creatingUntil: new Date(now.getTime() + CREATION_LEASE_MS) },
  });
  return count === 1;
}

/** The holder failed to get an account: the next click may ask Stripe again. */
export async function releaseCreationLease(claimId: string): Promise<void> {
  await db().createdAccount.updateMany({
    where: { id: claimId, stripeAccountId: null },
    data: { creatingUntil: null },
  });
}

/** The seller's created account row in `livemode`, if any. */
export function getCreatedAccount(userId: string, livemode: boolean) {
  return db().createdAccount.findUnique({ where: { userId_livemode: { userId, livemode } } });
}

/** The row by id (a concurrent click reading what the first one stored). */
export function getCreatedAccountById(id: string) {
  return db().createdAccount.findUniqueOrThrow({ where: { id } });
}

/** Stores the account Stripe created for the claim (the same id on every retry of its key). */
export async function recordCreatedAccount(claimId: string, stripeAccountId: string) {
  await db().createdAccount.updateMany({
    where: { id: claimId, stripeAccountId: null },
    data: { stripeAccountId, creatingUntil: null },
  });
}

/** Whether the marketplace created `stripeAccountId` for `userId` (any mode). */
export async function isCreatedFor(userId: string, stripeAccountId: string): Promise<boolean> {
  const row = await db().createdAccount.findUnique({ where: { stripeAccountId } });
  return row?.userId === userId;
}
