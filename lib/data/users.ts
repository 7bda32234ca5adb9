import "server-only";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/auth/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma, type Role, type User } from "@/lib/generated/prisma/client";

export type PublicUser = Pick<
  User,
  "id" | "email" | "name" | "role" | "createdAt" | "businessName" | "websiteUrl"
>;

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  businessName: true,
  websiteUrl: true,
} as const;

/** ADMIN when ADMIN_EMAILS lists the address, SELLER otherwise. */
export function roleForEmail(email: string): Role {
  return env().ADMIN_EMAILS.includes(email.toLowerCase()) ? "ADMIN" : "SELLER";
}

export async function createUser(input: SignUpInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: { email: input.email, name: input.name, passwordHash, role: roleForEmail(input.email) },
      select: publicFields,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

export function getUserByEmail(email: string): Promise<User | null> {
  return db().user.findUnique({ where: { email: email.toLowerCase() } });
}

export function getUserById(id: string): Promise<PublicUser | null> {
  return db().user.findUnique({ where: { id }, select: publicFields });
}

/** Gives the ADMIN role to a user (ADMIN_EMAILS at sign-in, or `npm run users:promote`). */
export function promoteToAdmin(email: string): Promise<PublicUser> {
  return db().user.update({
    where: { email: email.toLowerCase() },
    data: { role: "ADMIN" },
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
