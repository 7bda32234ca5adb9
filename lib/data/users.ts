import "server-only";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/auth/schemas";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type Role, type RoleSource, type User } from "@/lib/generated/prisma/client";

export type PublicUser = Pick<
  User,
  | "id"
  | "email"
  | "name"
  | "role"
  | "roleSource"
  | "emailVerified"
  | "createdAt"
  | "businessName"
  | "websiteUrl"
>;

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  roleSource: true,
  emailVerified: true,
  createdAt: true,
  businessName: true,
  websiteUrl: true,
} as const;

type Tx = Prisma.TransactionClient;

/** A new seller, email not verified yet. Every account starts as a seller. */
export async function createUser(input: SignUpInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: { email: input.email, name: input.name, passwordHash, role: "SELLER" },
      select: publicFields,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists.");
    }
    throw error;
  }
}

export function getUserByEmail(email: string): Promise<User | null> {
  return db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
}

export function getUserById(id: string): Promise<PublicUser | null> {
  return db().user.findUnique({ where: { id }, select: publicFields });
}

/** The address is its owner's: they opened a link mailed to it. */
export function markEmailVerified(userId: string, now = new Date(), tx: Tx = db()) {
  return tx.user.updateMany({
    where: { id: userId, emailVerified: null },
    data: { emailVerified: now },
  });
}

export function setPasswordHash(userId: string, passwordHash: string, tx: Tx = db()) {
  return tx.user.update({ where: { id: userId }, data: { passwordHash }, select: publicFields });
}

/**
 * Sets a user's role, only if it is not that already (so a grant or removal that raced another is
 * applied and audited once): true when this call changed it.
 */
export async function changeRole(
  userId: string,
  role: Role,
  roleSource: RoleSource | null,
  tx: Tx = db(),
): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, role: { not: role } },
    data: { role, roleSource },
  });
  return count === 1;
}

export function countAdmins(tx: Tx = db()): Promise<number> {
  return tx.user.count({ where: { role: "ADMIN" } });
}

/** The platform admins, oldest first. */
export function listAdmins(): Promise<PublicUser[]> {
  return db().user.findMany({
    where: { role: "ADMIN" },
    orderBy: { createdAt: "asc" },
    select: publicFields,
  });
}

/** Users whose admin role came from ADMIN_EMAILS, and verified users on it who are not admins. */
export function listAdminListCandidates(emails: readonly string[]) {
  return db().user.findMany({
    where: {
      OR: [
        { role: "ADMIN", roleSource: "ADMIN_EMAILS" },
        { role: "SELLER", email: { in: [...emails] }, emailVerified: { not: null } },
      ],
    },
    select: publicFields,
  });
}

/**
 * The seller's own profile fields (also prefilled on Stripe's Connect page). The name is copied to
 * the seller's connections in the same transaction, where the admin console searches it.
 */
export async function updateProfile(
  userId: string,
  profile: { name: string; businessName: string | null; websiteUrl: string | null },
): Promise<PublicUser> {
  const [user] = await db().$transaction([
    db().user.update({ where: { id: userId }, data: profile, select: publicFields }),
    db().stripeConnection.updateMany({ where: { userId }, data: { sellerName: profile.name } }),
  ]);
  return user;
}

/** Names and emails of the given users, by id (who acted, in an audit history). */
export async function getUserNames(
  ids: string[],
): Promise<Map<string, Pick<User, "name" | "email" | "role">>> {
  const users = await db().user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true, email: true, role: true },
  });
  return new Map(users.map(({ id, ...user }) => [id, user]));
}
