import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { SIGN_IN_ERRORS } from "@/lib/auth/constants";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clientAddress, giveBackAttempt, takeAttempt } from "@/lib/auth/rate-limit";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { signInSchema } from "@/lib/auth/schemas";
import { createSession, endSession, SESSION_MAX_AGE_SECONDS } from "@/lib/data/sessions";
import { getUserByEmail } from "@/lib/data/users";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";

// Verified against when the email is unknown, so a wrong email costs as much time as a wrong
// password and response times do not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

type SignInRequest = { headers?: Record<string, string | undefined> } | undefined;

async function checkCredentials(credentials: unknown, request: SignInRequest) {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  // Counted before the password hash, so a flood of guesses costs us a query each, not a hash.
  const attempts = [
    ["signInAccount", email],
    ["signInAddress", clientAddress({ get: (name) => request?.headers?.[name] ?? null })],
  ] as const;
  const limit = await takeAttempt(attempts);
  if (!limit.ok) throw new Error(`${SIGN_IN_ERRORS.rateLimited}${String(limit.retryAfterSeconds)}`);
  const user = await getUserByEmail(email);
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  await giveBackAttempt(attempts);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * next-auth's credentials check. What it throws becomes the sign-in page's `?error=`: only our
 * fixed codes may reach it, never a database error's text.
 */
async function authorize(credentials: unknown, request: SignInRequest) {
  try {
    return await checkCredentials(credentials, request);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(SIGN_IN_ERRORS.rateLimited)) throw error;
    log().error({ reason: errorMessage(error) }, "sign-in failed");
    throw new Error(SIGN_IN_ERRORS.unavailable, { cause: error });
  }
}

let options: NextAuthOptions | undefined;

/** next-auth's configuration, built on first use (it needs the database and the secret). */
export function authOptions(): NextAuthOptions {
  options ??= {
    // No adapter: credentials sign-in needs none (next-auth stores nothing for it), and our
    // sessions are our own rows (lib/data/sessions.ts).
    secret: env().NEXTAUTH_SECRET,
    // The cookie is a JWT that carries a session id; the session lives in the database
    // (lib/data/sessions.ts), so signing out ends it on the server too.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize,
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger }) {
        if (trigger === "signIn") {
          token.role = user.role;
          token.sid = await createSession(user.id);
        }
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
    // next-auth logs through ours: a session cookie it cannot read (made up, or signed with an
    // old secret) is a client's error, one warning line, not a stack trace.
    logger: {
      error(code, metadata) {
        const reason = errorMessage(metadata instanceof Error ? metadata : metadata.error);
        if (code === "JWT_SESSION_ERROR") {
          log().warn({ nextAuth: code }, "a session cookie we cannot read: treated as signed out");
        } else {
          log().error({ nextAuth: code, reason }, "next-auth error");
        }
      },
      warn(code) {
        log().warn({ nextAuth: code }, "next-auth warning");
      },
      debug() {
        // next-auth's debug output is off
      },
    },
    events: {
      async signOut({ token }) {
        if (token.sid) await endSession(token.sid);
      },
    },
  };
  return options;
}
