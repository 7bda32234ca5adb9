/**
 * Sign-in through next-auth's own credentials callback (lib/auth/handler.ts), on a database that
 * goes away: the answer must carry a fixed code, never the database error's text.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { SIGN_IN_ERRORS } from "@/lib/auth/constants";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";
import { db } from "@/lib/db";
import { callAuth, signInWithPassword, startDatabaseProxy, verifiedSeller } from "./helpers";

let proxy: Awaited<ReturnType<typeof startDatabaseProxy>>;

beforeAll(async () => {
  proxy = await startDatabaseProxy(inject("databaseUrl"));
  vi.stubEnv("DATABASE_URL", proxy.url);
  vi.stubEnv("APP_URL", "http://localhost:3000");
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
});
afterAll(async () => {
  await db().$disconnect();
  await proxy.close();
});

async function signIn(email: string, password: string): Promise<URL> {
  return (await signInWithPassword(email, password)).url;
}

describe("sign-in while the database is unreachable", () => {
  it("sends the browser to a fixed error code with a human message, no database text", async () => {
    const seller = await verifiedSeller();
    await proxy.cut();
    let target: URL;
    try {
      target = await signIn(seller.email, "a-good-password");
    } finally {
      await proxy.restore();
    }
    // next-auth's error route, which sends the browser on to the sign-in page with this code.
    expect(target.pathname).toBe("/api/auth/error");
    expect([...target.searchParams]).toEqual([["error", SIGN_IN_ERRORS.unavailable]]);
    const page = await callAuth(["error"], { query: target.search });
    expect(page.headers.get("Location")).toBe(`/sign-in?error=${SIGN_IN_ERRORS.unavailable}`);
    expect(decodeURIComponent(target.href)).not.toMatch(
      /prisma|SQLSTATE|ECONNRESET|ECONNREFUSED|connect|\/work\/|\.ts|\.js/i,
    );
    expect(signInErrorMessage(target.searchParams.get("error"))).toBe(
      "We could not sign you in. Please try again.",
    );

    // Once the database is back, the same sign-in works without a restart.
    const after = await signIn(seller.email, "a-good-password");
    expect(after.searchParams.get("error")).toBeNull();
  });
});
