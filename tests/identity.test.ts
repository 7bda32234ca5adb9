import { NextFetchEvent } from "next/dist/server/web/spec-extension/fetch-event";
import { describe, expect, it, vi } from "vitest";
import {
  registerSeller,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from "@/lib/auth/accounts";
import {
  acceptAdminInvite,
  grantAdmin,
  inviteAdmin,
  revokeAdmin,
  syncListedAdmins,
} from "@/lib/auth/admins";
import { verifyPassword } from "@/lib/auth/password";
import { giveBackAttempt, takeAttempt } from "@/lib/auth/rate-limit";
import { createEmailToken, consumeEmailToken } from "@/lib/data/email-tokens";
import {
  createSession,
  endAllSessions,
  endSession,
  recordSessionUse,
  resolveSession,
} from "@/lib/data/sessions";
import { startConnect } from "@/lib/stripe/connect";
import { createUser, getUserByEmail, getUserById, listAdmins } from "@/lib/data/users";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { proxy } from "@/proxy";
import {
  appRequest,
  mailQueueIdle,
  mailsTo,
  mailTo,
  signInWithPassword,
  tokenIn,
  uniqueEmail,
  verifiedSeller,
} from "./helpers";

const PASSWORD = "mellow quartz harbor";

async function audits(subjectUserId: string) {
  return db().auditEvent.findMany({
    where: { subjectUserId },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorId: true, detail: true },
  });
}

describe("accounts", () => {
  it("stores an argon2id hash, never the password", async () => {
    const email = uniqueEmail();
    await createUser({ name: "Ann", email, password: "correct horse battery" });

    const stored = await getUserByEmail(email);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain("correct horse battery");
    expect(await verifyPassword(stored?.passwordHash ?? "", "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored?.passwordHash ?? "", "wrong horse battery")).toBe(false);
  });

  it("refuses a second account with the same email, whatever its case, and changes nothing", async () => {
    const email = uniqueEmail();
    const first = await createUser({ name: "First", email, password: "first-password" });

    const duplicate = createUser({ name: "Second", email, password: "second-password" });
    await expect(duplicate).rejects.toBeInstanceOf(AppError);
    await expect(duplicate).rejects.toMatchObject({ code: "conflict" });
    expect(await getUserByEmail(email.toUpperCase())).toMatchObject({
      id: first.id,
      name: "First",
    });
  });

  it("sign-up mails a verification link; the same sign-up for a taken address changes nothing and tells only its owner", async () => {
    const email = uniqueEmail();
    await registerSeller({ name: "New", email, password: PASSWORD });
    const user = await getUserByEmail(email);
    expect(user).toMatchObject({ role: "SELLER", emailVerified: null });
    const [verification] = await mailsTo(email, 1);
    expect(verification?.subject).toBe("Confirm your email address");

    await registerSeller({ name: "Intruder", email, password: "another phrase entirely" });
    expect(await getUserByEmail(email)).toMatchObject({ id: user?.id, name: "New" });
    expect(await verifyPassword(user?.passwordHash ?? "", PASSWORD)).toBe(true);
    const messages = await mailsTo(email, 2);
    expect(messages.map((m) => m.subject)).toEqual([
      "Confirm your email address",
      "You already have a Seller Connect account",
    ]);
    expect(messages[1]?.text).not.toContain("token=");

    const verified = await verifyEmail(tokenIn(verification, "/verify-email"));
    expect(verified?.emailVerified).toBeInstanceOf(Date);
    // A link works once.
    expect(await verifyEmail(tokenIn(verification, "/verify-email"))).toBeNull();
  });

  it("password reset: a mailed single-use link that expires after 30 minutes and ends every session", async () => {
    const seller = await verifiedSeller();
    const sessions = [await createSession(seller.id), await createSession(seller.id)];
    await requestPasswordReset(seller.email.toUpperCase());
    const mail = (await mailsTo(seller.email, 1)).at(-1);
    expect(mail?.subject).toBe("Reset your password");
    const token = tokenIn(mail, "/reset-password");

    expect(await resetPassword(token, "password12")).toMatchObject({
      ok: false,
      field: "password",
    });
    expect(await resetPassword(token, "a brand new phrase")).toEqual({
      ok: true,
      email: seller.email,
    });
    const stored = await getUserByEmail(seller.email);
    expect(await verifyPassword(stored?.passwordHash ?? "", "a brand new phrase")).toBe(true);
    for (const session of sessions) expect(await resolveSession(session)).toBeNull();
    expect(await resetPassword(token, "yet another new phrase")).toMatchObject({
      ok: false,
      field: "token",
    });
    expect((await audits(seller.id)).map((a) => a.action)).toContain("PASSWORD_RESET");

    // Expiry: a link used 31 minutes after it was made is refused.
    const made = new Date(Date.now() - 31 * 60 * 1000);
    const old = await createEmailToken({
      purpose: "RESET_PASSWORD",
      email: seller.email,
      userId: seller.id,
      now: made,
    });
    expect(await consumeEmailToken("RESET_PASSWORD", old)).toBeNull();
  });

  it("asks for a reset of an unknown address silently: no mail, no error", async () => {
    const email = uniqueEmail("nobody");
    await requestPasswordReset(email);
    await mailQueueIdle();
    expect(await mailTo(email)).toEqual([]);
  });
});

describe("sessions", () => {
  it("a session works until it is ended, and ending it does not end the others", async () => {
    const seller = await verifiedSeller();
    const one = await createSession(seller.id);
    const two = await createSession(seller.id);
    expect(await resolveSession(one)).toBe(seller.id);
    await endSession(one);
    expect(await resolveSession(one)).toBeNull();
    expect(await resolveSession(two)).toBe(seller.id);
    expect(await endAllSessions(seller.id)).toBe(1);
    expect(await resolveSession(two)).toBeNull();
    expect(await resolveSession("made-up")).toBeNull();
  });

  it("an admin's session ends after 12 hours without use; a seller's does not", async () => {
    const seller = await verifiedSeller();
    const admin = await verifiedSeller("Admin");
    await grantAdmin({ userId: admin.id, source: "CLI", actorId: null });
    const start = new Date();
    const sellerSession = await createSession(seller.id, start);
    const adminSession = await createSession(admin.id, start);
    const later = new Date(start.getTime() + 12 * 60 * 60 * 1000 + 1000);
    expect(await resolveSession(adminSession, later)).toBeNull();
    expect(await resolveSession(sellerSession, later)).toBe(seller.id);
    // A use within the idle time moves it on; a use after it does not bring it back.
    const active = await createSession(admin.id, start);
    await recordSessionUse(active, new Date(start.getTime() + 11 * 60 * 60 * 1000));
    expect(await resolveSession(active, later)).toBe(admin.id);
    await recordSessionUse(adminSession, later);
    expect(await resolveSession(adminSession, later)).toBeNull();
    // Reading a session does not move it on.
    const read = await createSession(admin.id, start);
    expect(await resolveSession(read, new Date(start.getTime() + 11 * 60 * 60 * 1000))).toBe(
      admin.id,
    );
    expect(await resolveSession(read, later)).toBeNull();
  });

  it("a page request with the session cookie records the session's use before the page renders", async () => {
    const admin = await verifiedSeller("Admin");
    await grantAdmin({ userId: admin.id, source: "CLI", actorId: null });
    const { cookie } = await signInWithPassword(admin.email, "a-good-password");
    const aged = new Date(Date.now() - 11 * 60 * 60 * 1000);
    await db().session.updateMany({ where: { userId: admin.id }, data: { lastSeenAt: aged } });

    const request = appRequest("/admin", { cookie });
    const pending: Promise<unknown>[] = [];
    const event = new NextFetchEvent({
      request,
      page: "/admin",
      context: { waitUntil: (promise) => pending.push(promise) },
    });
    expect(proxy(request, event).status).toBe(200);
    await Promise.all(pending);

    const [session] = await db().session.findMany({ where: { userId: admin.id } });
    // Moved on from 11 hours ago to now: the admin stays signed in for another 12 hours.
    expect(session?.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("admin roles", () => {
  it("an address in ADMIN_EMAILS signs up as a seller and becomes admin only by its mailed link", async () => {
    const email = "boss@example.test";
    await db().user.deleteMany({ where: { email } });
    await registerSeller({ name: "Boss", email, password: PASSWORD });
    const boss = await getUserByEmail(email);
    expect(boss?.role).toBe("SELLER");

    await verifyEmail(tokenIn((await mailsTo(email, 1)).at(-1), "/verify-email"));
    expect(await getUserById(boss?.id ?? "")).toMatchObject({
      role: "ADMIN",
      roleSource: "ADMIN_EMAILS",
    });
    expect(await audits(boss?.id ?? "")).toEqual([
      {
        action: "GRANT_ADMIN",
        actorId: boss?.id,
        detail: "proved ownership of an address listed in ADMIN_EMAILS",
      },
    ]);
  });

  it("dropping an address from ADMIN_EMAILS ends the role it gave, not roles granted otherwise", async () => {
    const listed = await verifiedSeller("Listed");
    const promoted = await verifiedSeller("Promoted");
    vi.stubEnv("ADMIN_EMAILS", listed.email);
    expect((await syncListedAdmins()).granted).toContain(listed.email);
    await grantAdmin({ userId: promoted.id, source: "CLI", actorId: null });

    vi.stubEnv("ADMIN_EMAILS", "boss@example.test");
    expect((await syncListedAdmins()).revoked).toContain(listed.email);
    expect((await getUserById(listed.id))?.role).toBe("SELLER");
    expect((await getUserById(promoted.id))?.role).toBe("ADMIN");
    expect((await audits(listed.id)).map((a) => [a.action, a.actorId])).toEqual([
      ["GRANT_ADMIN", null],
      ["REVOKE_ADMIN", null],
    ]);
  });

  it("an invitation is accepted only by its addressee, once, and the inviter is recorded", async () => {
    const inviter = await verifiedSeller("Inviter");
    await grantAdmin({ userId: inviter.id, source: "CLI", actorId: null });
    const invitee = await verifiedSeller("Invitee");
    const other = await verifiedSeller("Other");
    await inviteAdmin(inviter, invitee.email);
    const token = tokenIn((await mailsTo(invitee.email, 1)).at(-1), "/invite");

    await expect(acceptAdminInvite(other, token)).rejects.toMatchObject({ code: "invalid_input" });
    expect((await getUserById(other.id))?.role).toBe("SELLER");
    await acceptAdminInvite(invitee, token);
    expect(await getUserById(invitee.id)).toMatchObject({ role: "ADMIN", roleSource: "INVITE" });
    await expect(acceptAdminInvite(invitee, token)).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect((await audits(invitee.id)).map((a) => [a.action, a.actorId])).toEqual([
      ["INVITE_ADMIN", inviter.id],
      ["GRANT_ADMIN", inviter.id],
    ]);
    await expect(inviteAdmin(inviter, invitee.email)).rejects.toMatchObject({ code: "conflict" });
  });

  it("the last admin cannot be removed, and two removals at once leave one admin", async () => {
    const a = await verifiedSeller("A");
    const b = await verifiedSeller("B");
    await grantAdmin({ userId: a.id, source: "CLI", actorId: null });
    await grantAdmin({ userId: b.id, source: "CLI", actorId: null });
    for (const admin of await listAdmins()) {
      if (admin.id !== a.id && admin.id !== b.id) {
        await revokeAdmin({ userId: admin.id, actorId: null, detail: "test", allowLast: true });
      }
    }
    const results = await Promise.allSettled([
      revokeAdmin({ userId: a.id, actorId: b.id, detail: "test" }),
      revokeAdmin({ userId: b.id, actorId: a.id, detail: "test" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await listAdmins()).toHaveLength(1);
    const [last] = await listAdmins();
    await expect(
      revokeAdmin({ userId: last?.id ?? "", actorId: null, detail: "test" }),
    ).rejects.toThrow(/last platform admin/);
  });
});

describe("rate limits", () => {
  it("refuses the attempt after the limit, says how long to wait, and counts per key", async () => {
    const key = uniqueEmail("target");
    for (let i = 0; i < 10; i++) {
      expect(await takeAttempt([["signInAccount", key]])).toEqual({ ok: true });
    }
    const refused = await takeAttempt([["signInAccount", key]]);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    }
    // Another account, and the same email in another case, are counted apart / together.
    expect(await takeAttempt([["signInAccount", uniqueEmail("other")]])).toEqual({ ok: true });
    expect((await takeAttempt([["signInAccount", key.toUpperCase()]])).ok).toBe(false);
  });

  it("gives back an attempt that succeeded", async () => {
    const key = uniqueEmail("honest");
    for (let i = 0; i < 30; i++) {
      expect(await takeAttempt([["signInAccount", key]])).toEqual({ ok: true });
      await giveBackAttempt([["signInAccount", key]]);
    }
  });
});

describe("Connect with Stripe", () => {
  it("is refused until the seller's address is verified", async () => {
    const unverified = await createUser({
      name: "New",
      email: uniqueEmail("unverified"),
      password: PASSWORD,
    });
    expect(await startConnect(unverified)).toEqual({ outcome: "unverified" });
    const verified = await verifiedSeller();
    expect(await startConnect(verified)).toHaveProperty("url");
  });

  it("is rate limited per seller: 20 attempts in 10 minutes, then a wait", async () => {
    const seller = await verifiedSeller();
    for (let i = 0; i < 20; i++) expect(await startConnect(seller)).toHaveProperty("url");
    const refused = await startConnect(seller);
    expect(refused).toHaveProperty("retryAfterSeconds");
    expect(await db().oAuthState.count({ where: { userId: seller.id } })).toBe(20);
  });
});
