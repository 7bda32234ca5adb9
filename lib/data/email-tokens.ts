import "server-only";
import { db } from "@/lib/db";
import type { EmailTokenPurpose } from "@/lib/generated/prisma/client";
import { hashSecretToken, newSecretToken } from "@/lib/secret-token";

/** How long each kind of emailed link works. */
export const EMAIL_TOKEN_TTL_SECONDS: Record<EmailTokenPurpose, number> = {
  VERIFY_EMAIL: 24 * 60 * 60,
  RESET_PASSWORD: 30 * 60,
  ADMIN_INVITE: 72 * 60 * 60,
};

/**
 * A new single-use link token for `purpose`, sent to `email`. Earlier unused tokens of the same
 * purpose for the same address stop working: only the newest link counts.
 */
export async function createEmailToken(input: {
  purpose: EmailTokenPurpose;
  email: string;
  userId?: string | null;
  createdById?: string | null;
  now?: Date;
}): Promise<string> {
  const { purpose, email, now = new Date() } = input;
  const token = newSecretToken();
  await db().$transaction([
    db().emailToken.deleteMany({ where: { email, purpose, consumedAt: null } }),
    db().emailToken.create({
      data: {
        purpose,
        email,
        userId: input.userId ?? null,
        createdById: input.createdById ?? null,
        tokenHash: hashSecretToken(token),
        expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_SECONDS[purpose] * 1000),
      },
    }),
  ]);
  return token;
}

export interface EmailTokenRow {
  id: string;
  email: string;
  userId: string | null;
  createdById: string | null;
  expiresAt: Date;
}

const tokenFields = {
  id: true,
  email: true,
  userId: true,
  createdById: true,
  expiresAt: true,
} as const;

/** A token that can still be used (unused, not expired), without using it: to show a page. */
export function findUsableEmailToken(
  purpose: EmailTokenPurpose,
  token: string,
  now = new Date(),
): Promise<EmailTokenRow | null> {
  return db().emailToken.findFirst({
    where: { purpose, tokenHash: hashSecretToken(token), consumedAt: null, expiresAt: { gt: now } },
    select: tokenFields,
  });
}

/**
 * Uses a token: one conditional UPDATE, so of two concurrent uses exactly one gets the row and the
 * other null, as for an unknown, used or expired token. `email`, when given, must match.
 */
export async function consumeEmailToken(
  purpose: EmailTokenPurpose,
  token: string,
  options: { email?: string; now?: Date } = {},
): Promise<EmailTokenRow | null> {
  const now = options.now ?? new Date();
  const tokenHash = hashSecretToken(token);
  const { count } = await db().emailToken.updateMany({
    where: {
      purpose,
      tokenHash,
      consumedAt: null,
      expiresAt: { gt: now },
      ...(options.email ? { email: options.email } : {}),
    },
    data: { consumedAt: now },
  });
  if (count === 0) return null;
  return db().emailToken.findUnique({ where: { tokenHash }, select: tokenFields });
}

/** The admin invitations still open (unused, unexpired), newest first. */
export function listOpenInvites(now = new Date()) {
  return db().emailToken.findMany({
    where: { purpose: "ADMIN_INVITE", consumedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, createdById: true, createdAt: true, expiresAt: true },
  });
}

/** Withdraws an open invitation. */
export async function deleteInvite(id: string): Promise<boolean> {
  const { count } = await db().emailToken.deleteMany({
    where: { id, purpose: "ADMIN_INVITE", consumedAt: null },
  });
  return count > 0;
}

/** Deletes up to `batch` emailed links that have expired (used or not); returns how many. */
export async function deleteExpiredEmailTokens(now: Date, batch: number): Promise<number> {
  const expired = { expiresAt: { lt: now } };
  const rows = await db().emailToken.findMany({
    where: expired,
    select: { id: true },
    take: batch,
  });
  if (rows.length === 0) return 0;
  const { count } = await db().emailToken.deleteMany({
    where: { id: { in: rows.map((r) => r.id) }, ...expired },
  });
  return count;
}
