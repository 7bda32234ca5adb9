/**
 * Sign-in through next-auth's own credentials callback (lib/auth/handler.ts), on a database that
 * goes away: the answer must carry a fixed code, never the database error's text.
 */
// As in a Next.js server: what Next's request scope needs (AsyncLocalStorage) is set up first.
import "next/dist/server/node-environment-baseline";
import { NextRequest } from "next/server";
import { createRequire } from "node:module";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { handleAuthRequest } from "@/lib/auth/handler";
import { SIGN_IN_ERRORS } from "@/lib/auth/constants";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";
import { db } from "@/lib/db";
import { startDatabaseProxy, type DatabaseProxy } from "./database-proxy";
import { verifiedSeller } from "./helpers";

// next-auth's App Router handler reads cookies and headers through next/headers, which work only
// inside a Next.js request: each call runs in a request scope made from the request sent.
// Loaded with Node's require, as next-auth loads next/headers, so both see the same stores.
const nodeRequire = createRequire(import.meta.url);
const { workAsyncStorage } = nodeRequire(
  "next/dist/server/app-render/work-async-storage.external.js",
) as typeof import("next/dist/server/app-render/work-async-storage.external");
const { workUnitAsyncStorage } = nodeRequire(
  "next/dist/server/app-render/work-unit-async-storage.external.js",
) as typeof import("next/dist/server/app-render/work-unit-async-storage.external");

/** Runs `run` in a Next.js request scope made from `request`, as the route handler runs. */
function inRequestScope<T>(request: NextRequest, run: () => Promise<T>): Promise<T> {
  const work = { route: "/api/auth/[...nextauth]", forceStatic: false, dynamicShouldError: false };
  const unit = {
    type: "request",
    phase: "render",
    headers: request.headers,
    cookies: new RequestCookies(request.headers),
  };
  return workAsyncStorage.run(work as never, () => workUnitAsyncStorage.run(unit as never, run));
}

const BASE = "http://localhost:3000/api/auth";
let proxy: DatabaseProxy;

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

async function call(
  path: string[],
  init: { method?: string; headers?: Headers; body?: string; query?: string },
) {
  const { method = "GET", headers, body, query = "" } = init;
  const url = `${BASE}/${path.join("/")}${query}`;
  const request = new NextRequest(url, { method, headers, body });
  return inRequestScope(request, () => handleAuthRequest(request, { nextauth: path }));
}

/** Signs in as a browser does (CSRF token first); the URL next-auth sends the browser to. */
async function signIn(email: string, password: string): Promise<URL> {
  const csrf = await call(["csrf"], {});
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await call(["callback", "credentials"], {
    method: "POST",
    headers: new Headers({ "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }),
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const { url } = (await response.json()) as { url: string };
  return new URL(url);
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
    const page = await call(["error"], { query: target.search });
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
