import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { consumeEmailToken, createEmailToken } from "@/lib/data/email-tokens";
import {
  changeRole,
  countAdmins,
  getUserByEmail,
  listAdminListCandidates,
  markEmailVerified,
  type PublicUser,
} from "@/lib/data/users";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RoleSource } from "@/lib/generated/prisma/client";
import { adminInviteMail, tokenLink } from "@/lib/mail/messages";
import { queueMail } from "@/lib/mail/send";

/**
 * The platform admin role: the database is its one source of truth, changed only here, each change
 * audited with who made it (actorId null: the ADMIN_EMAILS configuration).
 */

// Admin role changes take this lock, so two removals cannot both pass the "not the last admin"
// check. (Any 64-bit key of our own; Prisma's migration lock is 72707369.)
const ADMIN_ROLE_LOCK = 7_243_001;

const HOW: Record<RoleSource, string> = {
  ADMIN_EMAILS: "proved ownership of an address listed in ADMIN_EMAILS",
  INVITE: "accepted an admin invitation",
  CLI: "granted by an operator (npm run users:promote)",
  SEED: "demo admin",
};

export function isListedAdminEmail(email: string): boolean {
  return env().ADMIN_EMAILS.includes(email.toLowerCase());
}

/** Makes `userId` an admin (no-op if they are one). True when the role changed. */
export async function grantAdmin(input: {
  userId: string;
  source: RoleSource;
  actorId: string | null;
}): Promise<boolean> {
  return db().$transaction(async (tx) => {
    if (!(await changeRole(input.userId, "ADMIN", input.source, tx))) return false;
    await recordAudit(
      {
        action: "GRANT_ADMIN",
        outcome: "SUCCESS",
        actorId: input.actorId,
        subjectUserId: input.userId,
        detail: HOW[input.source],
      },
      tx,
    );
    return true;
  });
}

/**
 * Ends `userId`'s admin role. Refused (AppError conflict) when they are the last admin, unless
 * `allowLast` (the configuration removed a role it gave). True when the role changed.
 */
export async function revokeAdmin(input: {
  userId: string;
  actorId: string | null;
  detail: string;
  allowLast?: boolean;
}): Promise<boolean> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK}::bigint)`;
    const target = await tx.user.findUnique({
      where: { id: input.userId },
      select: { role: true },
    });
    if (target?.role !== "ADMIN") return false;
    if (!input.allowLast && (await countAdmins(tx)) <= 1) {
      throw new AppError(
        "conflict",
        "This is the last platform admin: invite another admin before removing this one.",
      );
    }
    await changeRole(input.userId, "SELLER", null, tx);
    await recordAudit(
      {
        action: "REVOKE_ADMIN",
        outcome: "SUCCESS",
        actorId: input.actorId,
        subjectUserId: input.userId,
        detail: input.detail,
      },
      tx,
    );
    return true;
  });
}

/**
 * Brings roles in line with ADMIN_EMAILS (run at start-up): a verified listed address becomes an
 * admin; a role that came from the list ends when its address is no longer listed.
 */
export async function syncListedAdmins(): Promise<{ granted: string[]; revoked: string[] }> {
  const listed = env().ADMIN_EMAILS;
  const granted: string[] = [];
  const revoked: string[] = [];
  for (const user of await listAdminListCandidates(listed)) {
    const isListed = listed.includes(user.email);
    if (user.role === "SELLER" && isListed) {
      if (await grantAdmin({ userId: user.id, source: "ADMIN_EMAILS", actorId: null })) {
        granted.push(user.email);
      }
    } else if (user.role === "ADMIN" && !isListed) {
      const changed = await revokeAdmin({
        userId: user.id,
        actorId: null,
        detail: "address removed from ADMIN_EMAILS",
        allowLast: true,
      });
      if (changed) revoked.push(user.email);
    }
  }
  return { granted, revoked };
}

/** An admin invites `email` to be an admin: a single-use, expiring link is mailed to it. */
export async function inviteAdmin(inviter: PublicUser, email: string): Promise<void> {
  const existing = await getUserByEmail(email);
  if (existing?.role === "ADMIN") {
    throw new AppError("conflict", `${email} is already a platform admin.`);
  }
  const token = await createEmailToken({
    purpose: "ADMIN_INVITE",
    email,
    userId: existing?.id ?? null,
    createdById: inviter.id,
  });
  await queueMail(
    adminInviteMail(email, inviter.name ?? inviter.email, tokenLink("/invite", token)),
  );
  await recordAudit({
    action: "INVITE_ADMIN",
    outcome: "SUCCESS",
    actorId: inviter.id,
    subjectUserId: existing?.id ?? null,
    detail: `invited ${email}`,
  });
}

/**
 * The signed-in `user` accepts an invitation: it must be addressed to their own email, unused and
 * unexpired. Opening the mailed link also proves the address is theirs.
 */
export async function acceptAdminInvite(user: PublicUser, token: string): Promise<void> {
  const invite = await consumeEmailToken("ADMIN_INVITE", token, { email: user.email });
  if (!invite) {
    throw new AppError(
      "invalid_input",
      "This invitation cannot be used: it was used or withdrawn, it expired, or it is for another address.",
    );
  }
  await markEmailVerified(user.id);
  await grantAdmin({ userId: user.id, source: "INVITE", actorId: invite.createdById });
}
