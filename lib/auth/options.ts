import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { signInSchema } from "@/lib/auth/schemas";
import { getUserByEmail, promoteToAdmin, roleForEmail } from "@/lib/data/users";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Verified against when the email is unknown, so a wrong email costs as much time as a wrong
// password and response times do not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

async function authorize(credentials: unknown) {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await getUserByEmail(email);
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  const role =
    user.role === "SELLER" && roleForEmail(email) === "ADMIN"
      ? (await promoteToAdmin(email)).role
      : user.role;
  return { id: user.id, email: user.email, name: user.name, role };
}

let options: NextAuthOptions | undefined;

/** next-auth's configuration, built on first use (it needs the database and the secret). */
export function authOptions(): NextAuthOptions {
  options ??= {
    // The adapter stores OAuth accounts and email tokens should such providers be added;
    // credentials sign-in uses JWT sessions, as next-auth requires.
    adapter: PrismaAdapter(db()),
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize,
      }),
    ],
    callbacks: {
      jwt({ token, user, trigger }) {
        if (trigger === "signIn") token.role = user.role;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.user.role = token.role ?? "SELLER";
        return session;
      },
      // The sign-in page's rule (lib/auth/redirects.ts): our own pages only, else the home page.
      // Never throws, whatever the callbackUrl.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl, "/")}`;
      },
    },
  };
  return options;
}
