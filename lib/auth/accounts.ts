import "server-only";
import { grantAdmin, isListedAdminEmail } from "@/lib/auth/admins";
import { hashPassword } from "@/lib/auth/password";
import { passwordWeakness } from "@/lib/auth/password-strength";
import type { SignUpInput } from "@/lib/auth/schemas";
import { recordAudit } from "@/lib/data/audit";
import { consumeEmailToken, createEmailToken, findUsableEmailToken } from "@/lib/data/email-tokens";
import { endAllSessions } from "@/lib/data/sessions";
import {
  createUser,
  getUserByEmail,
  getUserById,
  markEmailVerified,
  setPasswordHash,
  type PublicUser,
} from "@/lib/data/users";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { accountExistsMail, resetMail, tokenLink, verificationMail } from "@/lib/mail/messages";
import { queueMail } from "@/lib/mail/send";

/**
 * Sign-up, email verification and password reset. Sign-up and "Forgot password?" do the same
 * visible thing whether or not the address has an account (a mail is sent either way, the same
 * answer is shown), so neither tells a visitor who has an account here.
 */

/** Mails `user` a link that confirms their address. */
export async function sendVerificationMail(user: Pick<PublicUser, "id" | "email">): Promise<void> {
  const token = await createEmailToken({
    purpose: "VERIFY_EMAIL",
    email: user.email,
    userId: user.id,
  });
  await queueMail(verificationMail(user.email, tokenLink("/verify-email", token)));
}

/**
 * A new seller account, unverified, and a verification mail. For an address that has an account
 * already, its owner gets a "you already have an account" mail instead, after the same password
 * hash a new account costs, and nothing is changed.
 */
export async function registerSeller(input: SignUpInput): Promise<void> {
  const existing = await getUserByEmail(input.email);
  if (!existing) {
    try {
      const user = await createUser(input);
      await sendVerificationMail(user);
      return;
    } catch (error) {
      // Another sign-up with this address won the race: the same as an existing account.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    }
  } else {
    await hashPassword(input.password);
  }
  await queueMail(accountExistsMail(input.email));
}

/**
 * Uses a verification link: the address is confirmed, and an address listed in ADMIN_EMAILS
 * becomes a platform admin. Null when the link is unknown, used or expired.
 */
export async function verifyEmail(token: string): Promise<PublicUser | null> {
  const used = await consumeEmailToken("VERIFY_EMAIL", token);
  const userId = used?.userId;
  if (!userId) return null;
  await markEmailVerified(userId);
  const user = await getUserById(userId);
  if (user && user.email === used.email && isListedAdminEmail(user.email)) {
    await grantAdmin({ userId, source: "ADMIN_EMAILS", actorId: userId });
  }
  return getUserById(userId);
}

/** "Forgot password?": mails a reset link if the address has an account; silent otherwise. */
export async function requestPasswordReset(email: string): Promise<void> {
  const user = await getUserByEmail(email);
  if (!user) return;
  const token = await createEmailToken({
    purpose: "RESET_PASSWORD",
    email: user.email,
    userId: user.id,
  });
  await queueMail(resetMail(user.email, tokenLink("/reset-password", token)));
}

/** The account a reset link is for, while the link can still be used (for the reset page). */
export async function resetLinkAccount(token: string): Promise<{ email: string } | null> {
  const row = await findUsableEmailToken("RESET_PASSWORD", token);
  return row ? { email: row.email } : null;
}

export type ResetResult =
  | { ok: true; email: string }
  | { ok: false; field: "password"; message: string }
  | { ok: false; field: "token"; message: string };

const LINK_UNUSABLE =
  "This reset link cannot be used: it was used already or it expired. Ask for a new one.";

/**
 * Sets a new password from a reset link (single use): the address counts as verified, and every
 * session of the user ends, wherever it is.
 */
export async function resetPassword(token: string, password: string): Promise<ResetResult> {
  const link = await findUsableEmailToken("RESET_PASSWORD", token);
  const user = link?.userId ? await getUserById(link.userId) : null;
  if (!link || !user) return { ok: false, field: "token", message: LINK_UNUSABLE };
  const weakness = passwordWeakness(password, [user.email, user.name ?? ""]);
  if (weakness) return { ok: false, field: "password", message: weakness };
  const passwordHash = await hashPassword(password);
  if (!(await consumeEmailToken("RESET_PASSWORD", token))) {
    return { ok: false, field: "token", message: LINK_UNUSABLE };
  }
  await db().$transaction(async (tx) => {
    await setPasswordHash(user.id, passwordHash, tx);
    await markEmailVerified(user.id, new Date(), tx);
    await recordAudit(
      {
        action: "PASSWORD_RESET",
        outcome: "SUCCESS",
        actorId: user.id,
        subjectUserId: user.id,
        detail: "password reset through the mailed link; every session ended",
      },
      tx,
    );
    await endAllSessions(user.id, tx);
  });
  return { ok: true, email: user.email };
}
