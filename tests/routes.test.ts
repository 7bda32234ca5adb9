/**
 * The API routes behind authenticatedRoute (lib/http/api-route.ts), called as Next.js calls them,
 * with the session cookie a browser gets from signing in: who may call them, and the statuses
 * every failure maps to (lib/errors.ts).
 */
import { describe, expect, it } from "vitest";
import { GET as exportAccounts } from "@/app/api/admin/accounts/export/route";
import { POST as disconnectRoute } from "@/app/api/stripe/connect/disconnect/route";
import { POST as onboardStartRoute } from "@/app/api/stripe/onboard/start/route";
import { createConnection } from "@/lib/data/connections";
import { grantAdmin } from "@/lib/auth/admins";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appRequest, inRequestScope, signInWithPassword, verifiedSeller } from "./helpers";

/** A seller signed in through next-auth: the cookie their browser sends. */
async function signedInSeller() {
  const user = await verifiedSeller();
  const { cookie } = await signInWithPassword(user.email, "a-good-password");
  return { user, cookie };
}

async function signedInAdmin() {
  const user = await verifiedSeller("Boss");
  await grantAdmin({ userId: user.id, source: "CLI", actorId: null });
  const { cookie } = await signInWithPassword(user.email, "a-good-password");
  return { user, cookie };
}

function exportAs(cookie: string | undefined, query = "") {
  const request = appRequest(`/api/admin/accounts/export${query}`, { cookie });
  return inRequestScope(request, () => exportAccounts(request));
}

/** A form's POST to `path` (answered by `route`), from `origin` (our own by default). */
function postFormAs(
  route: (request: Request) => Promise<Response>,
  path: `/${string}`,
  cookie: string | undefined,
  origin = new URL(env().APP_URL).origin,
) {
  const request = appRequest(path, { method: "POST", cookie, headers: { Origin: origin } });
  return inRequestScope(request, () => route(request));
}

function disconnectAs(cookie: string | undefined, origin?: string) {
  return postFormAs(disconnectRoute, "/api/stripe/connect/disconnect", cookie, origin);
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("the accounts export (admins only)", () => {
  it("answers 401 signed out and 403 to a seller, in JSON, and records no export", async () => {
    const signedOut = await exportAs(undefined);
    expect(signedOut.status).toBe(401);
    expect(await errorOf(signedOut)).toEqual({
      code: "unauthorized",
      message: "Sign in to continue.",
    });

    const { user, cookie } = await signedInSeller();
    const seller = await exportAs(cookie);
    expect(seller.status).toBe(403);
    expect((await errorOf(seller)).code).toBe("forbidden");
    expect(await db().auditEvent.count({ where: { actorId: user.id, action: "EXPORT" } })).toBe(0);
  });

  it("gives an admin the CSV and audits it; a search too short to run is 422", async () => {
    const { user, cookie } = await signedInAdmin();

    const refused = await exportAs(cookie, "?q=a");
    expect(refused.status).toBe(422);
    expect((await errorOf(refused)).code).toBe("invalid_input");

    const response = await exportAs(cookie, "?status=revoked");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="stripe-connections-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    await response.text();
    const audits = await db().auditEvent.findMany({
      where: { actorId: user.id, action: "EXPORT" },
    });
    expect(audits.map((a) => a.detail)).toEqual([
      "Exported the accounts list as CSV (status=revoked)",
    ]);
  });
});

describe("disconnect (the seller's own connection, from our own pages)", () => {
  it("refuses a cross-site request with 403 before looking at the session", async () => {
    const { cookie } = await signedInSeller();

    const response = await disconnectAs(cookie, "https://evil.example");

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toEqual({
      code: "forbidden",
      message: "Cross-site request refused.",
    });
    expect((await disconnectAs(undefined, "https://evil.example")).status).toBe(403);
  });

  it("answers 401 signed out, and sends a signed-in seller back to Settings with the outcome", async () => {
    expect((await disconnectAs(undefined)).status).toBe(401);

    const { cookie } = await signedInSeller();
    const response = await disconnectAs(cookie);

    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(
      new URL("/settings?disconnect=not_connected", env().APP_URL).toString(),
    );
  });
});

function onboardStartAs(cookie: string | undefined, origin?: string) {
  return postFormAs(onboardStartRoute, "/api/stripe/onboard/start", cookie, origin);
}

describe("Create a Stripe account (the seller's form, from our own pages)", () => {
  it("refuses a cross-site request (403) and a signed-out one (401), creating nothing", async () => {
    const { user, cookie } = await signedInSeller();

    const crossSite = await onboardStartAs(cookie, "https://evil.example");
    expect(crossSite.status).toBe(403);
    expect(await errorOf(crossSite)).toEqual({
      code: "forbidden",
      message: "Cross-site request refused.",
    });
    expect((await onboardStartAs(undefined)).status).toBe(401);
    expect(await db().createdAccount.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().stripeConnection.count({ where: { userId: user.id } })).toBe(0);
  });

  it("sends a seller already connected by OAuth back to Settings, and limits the attempts", async () => {
    const { user, cookie } = await signedInSeller();
    await createConnection({
      seller: user,
      stripeAccountId: `acct_routes${String(Date.now())}`,
      scope: "read_write",
      livemode: false,
      snapshot: null,
    });

    const first = await onboardStartAs(cookie);
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe(
      new URL("/settings?connect=already_connected", env().APP_URL).toString(),
    );
    // 20 per seller per 10 minutes (lib/auth/rate-limit.ts): the 21st is refused with 429.
    for (let i = 1; i < 20; i += 1) expect((await onboardStartAs(cookie)).status).toBe(303);
    const limited = await onboardStartAs(cookie);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await db().createdAccount.count({ where: { userId: user.id } })).toBe(0);
  });
});
