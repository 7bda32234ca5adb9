import "server-only";
import { db } from "@/lib/db";
import type { Prisma, Role } from "@/lib/generated/prisma/client";
import { hashSecretToken, newSecretToken } from "@/lib/secret-token";

/** The longest a session lives, however active (the session cookie's own lifetime too). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** A session ends after this long without a request: 12 hours for admins. */
export const SESSION_IDLE_SECONDS: Record<Role, number> = {
  ADMIN: 12 * 60 * 60,
  SELLER: SESSION_MAX_AGE_SECONDS,
};

// lastSeenAt is written at most this often, not on every request.
const TOUCH_EVERY_MS = 60_000;

/**
 * The rule of a live session, in one place: it has not reached its maximum age, and was used
 * within its user's idle timeout (one branch per role).
 */
function live(now: Date): Prisma.SessionWhereInput {
  return {
    expires: { gt: now },
    OR: Object.entries(SESSION_IDLE_SECONDS).map(([role, seconds]) => ({
      user: { role: role as Role },
      lastSeenAt: { gt: new Date(now.getTime() - seconds * 1000) },
    })),
  };
}

/** Starts a session for `userId`; the returned id goes into the session cookie, its hash here. */
export async function createSession(userId: string, now = new Date()): Promise<string> {
  const sessionId = newSecretToken();
  await db().session.create({
    data: {
      sessionToken: hashSecretToken(sessionId),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
    },
  });
  return sessionId;
}

/**
 * The user id of a live session: one that exists (not signed out, not ended everywhere) and is
 * live. Only reads: pages call it while rendering.
 */
export async function resolveSession(sessionId: string, now = new Date()): Promise<string | null> {
  const session = await db().session.findFirst({
    where: { sessionToken: hashSecretToken(sessionId), ...live(now) },
    select: { userId: true },
  });
  return session?.userId ?? null;
}

/**
 * Records a use of a live session (its idle timeout starts again), at most once a minute. A
 * session that is no longer live stays ended. Called before a page renders (proxy.ts), so that
 * rendering only reads.
 */
export async function recordSessionUse(sessionId: string, now = new Date()): Promise<void> {
  await db().session.updateMany({
    where: {
      sessionToken: hashSecretToken(sessionId),
      AND: [live(now), { lastSeenAt: { lt: new Date(now.getTime() - TOUCH_EVERY_MS) } }],
    },
    data: { lastSeenAt: now },
  });
}

/** Signing out: the session stops working at once, wherever its cookie is. */
export async function endSession(sessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { sessionToken: hashSecretToken(sessionId) } });
}

/** Every session of a user ends ("Sign out everywhere", a password reset). */
export async function endAllSessions(
  userId: string,
  tx: Prisma.TransactionClient = db(),
): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { userId } });
  return count;
}

/** Deletes up to `batch` sessions that are no longer live (pruning); returns how many. */
export async function deleteEndedSessions(now: Date, batch: number): Promise<number> {
  const ended: Prisma.SessionWhereInput = { NOT: live(now) };
  const rows = await db().session.findMany({ where: ended, select: { id: true }, take: batch });
  if (rows.length === 0) return 0;
  const { count } = await db().session.deleteMany({
    where: { AND: [{ id: { in: rows.map((r) => r.id) } }, ended] },
  });
  return count;
}
