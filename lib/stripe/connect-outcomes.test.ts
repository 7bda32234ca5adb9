import { describe, expect, it } from "vitest";
import {
  ADMIN_ACCOUNT_OUTCOMES,
  adminAccountNotice,
  CONNECT_OUTCOMES,
  connectNotice,
  DISCONNECT_OUTCOMES,
  FORCE_DISCONNECT_OUTCOMES,
  outcomeMessage,
} from "@/lib/stripe/connect-outcomes";

describe("outcomeMessage", () => {
  it("gives each outcome the seller or admin can be sent to its message", () => {
    expect(outcomeMessage("connect", "expired")).toEqual({
      tone: "error",
      message:
        "That connection attempt expired before it was finished. Start again from this page.",
    });
    expect(outcomeMessage("connect", "connected")?.tone).toBe("success");
    expect(outcomeMessage("disconnect", "stripe_unavailable")?.message).toMatch(/still connected/);
    expect(outcomeMessage("admin_account", "refresh_revoked")?.tone).toBe("info");
  });

  it("shows nothing for a code it does not know, so a crafted link cannot put words on the page", () => {
    for (const code of [
      undefined,
      "",
      "pwned",
      "toString",
      "constructor",
      "__proto__",
      "hasOwnProperty",
    ]) {
      expect(outcomeMessage("connect", code)).toBeNull();
      expect(outcomeMessage("disconnect", code)).toBeNull();
      expect(outcomeMessage("admin_account", code)).toBeNull();
    }
    // One table's codes are not another's.
    expect(outcomeMessage("disconnect", "denied")).toBeNull();
    expect(outcomeMessage("connect", "retry_failed")).toBeNull();
  });

  it("has a message for every outcome, and tells the admin page every force-disconnect outcome", () => {
    const tables: Record<string, { message: string }>[] = [
      CONNECT_OUTCOMES,
      DISCONNECT_OUTCOMES,
      ADMIN_ACCOUNT_OUTCOMES,
    ];
    for (const table of tables) {
      for (const { message } of Object.values(table)) expect(message.length).toBeGreaterThan(10);
    }
    for (const code of Object.keys(FORCE_DISCONNECT_OUTCOMES)) {
      expect(outcomeMessage("admin_account", code)).not.toBeNull();
    }
  });
});

describe("adminAccountNotice", () => {
  it("says how long Stripe asked to wait when its rate limit refused a refresh", () => {
    const notice = adminAccountNotice("stripe_busy", "3");
    expect(notice?.tone).toBe("error");
    expect(notice?.message).toMatch(/^Stripe is busy .* Try again in 3 s\.$/);
  });

  it("falls back to the plain message for a missing or crafted wait, and to the table otherwise", () => {
    for (const retryIn of [undefined, "", "-1", "1.5", "1e9", "<b>"]) {
      expect(adminAccountNotice("stripe_busy", retryIn)?.message).toBe(
        ADMIN_ACCOUNT_OUTCOMES.stripe_busy.message,
      );
    }
    expect(adminAccountNotice("refresh_revoked", "3")).toEqual(
      outcomeMessage("admin_account", "refresh_revoked"),
    );
  });
});

describe("connectNotice", () => {
  it("congratulates in green only an account that is ready", () => {
    expect(connectNotice("connected", "READY")).toEqual(CONNECT_OUTCOMES.connected);
    for (const state of ["ACTION_NEEDED", "RESTRICTED", "IN_REVIEW", "UPCOMING"] as const) {
      expect(connectNotice("connected", state)).toEqual({
        tone: "info",
        message: "Your Stripe account is connected. See below where it stands with Stripe.",
      });
    }
    // Other outcomes, and no connection to judge, are the table's.
    expect(connectNotice("denied", "RESTRICTED")).toEqual(CONNECT_OUTCOMES.denied);
    expect(connectNotice("connected", null)).toEqual(CONNECT_OUTCOMES.connected);
    expect(connectNotice("pwned", "READY")).toBeNull();
  });
});
