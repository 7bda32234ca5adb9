/**
 * The stand-in for the seller's Stripe Dashboard (`/dashboard/:id`) over HTTP: what it shows, its
 * forms (provide, verify, fail verification) and what they change and send, the refusals, and the
 * link from the emulator's index. The same page in Chromium: e2e/dashboard.spec.ts.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, connectedAccount, startTestEmulator, stripeFor } from "./helpers";

const DOCUMENT = "individual.verification.document";
const DEADLINE = Date.UTC(2030, 0, 12, 9, 30) / 1000;

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());

async function page(id: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(emulator.client.dashboardUrl(id));
  // Whitespace collapsed, as a reader sees the text.
  const html = (await response.text()).replace(/\s+/g, " ");
  return { status: response.status, html, headers: response.headers };
}

/** Posts a dashboard form as the browser does (urlencoded, from the page's own origin). */
function submit(
  id: string,
  action: "provide" | "verify",
  fields: Record<string, string>,
  headers: Record<string, string> = { "Sec-Fetch-Site": "same-origin", Origin: "null" },
): Promise<Response> {
  return fetch(`${emulator.client.dashboardUrl(id)}/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** The form actions and button labels of the page, in order. */
function forms(html: string): string[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)].map(
    ([, action = "", inner = ""]) => {
      const requirement = /name="requirement" value="([^"]+)"/.exec(inner)?.[1] ?? "";
      const buttons = [...inner.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map(([, label]) =>
        (label ?? "")
          .replace(/<[^>]+>/g, "")
          .replace(/\s+/g, " ")
          .trim(),
      );
      return `${action} ${requirement}: ${buttons.join(" | ")}`;
    },
  );
}

describe("the seller's dashboard", () => {
  it("shows the account's name, what is due by when, and a Provide button per requirement", async () => {
    const { account } = await connectedAccount(emulator, { business_name: "Dash <Shop>" });
    await emulator.client.requirementsDue(account.id, {
      requirements: [DOCUMENT],
      deadline: DEADLINE,
    });
    await emulator.client.futureRequirements(account.id, {
      requirements: ["company.tax_id"],
      deadline: DEADLINE,
    });
    const { status, html, headers } = await page(account.id);
    expect(status).toBe(200);
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html).toContain("Stripe Dashboard: Dash &lt;Shop&gt;");
    expect(html).not.toContain("<Shop>");
    expect(html).toContain("Currently due");
    expect(html).toContain("Due by 2030-01-12 09:30 UTC.");
    expect(html).toContain("Future requirements");
    expect(html).toContain("Stripe will need these from 2030-01-12 09:30 UTC.");
    expect(html).not.toContain("<script");
    expect(forms(html)).toEqual([
      `/dashboard/${account.id}/provide ${DOCUMENT}: Provide ${DOCUMENT}`,
    ]);
  });

  it("provide → pending (with Verify and Fail verification) → verified, each a redirect back with the events sent", async () => {
    const { account } = await connectedAccount(emulator);
    await emulator.client.requirementsDue(account.id, { requirements: [DOCUMENT] });
    await emulator.client.restrictAccount(account.id, { disabled_reason: "made_up.reason" });
    let html = (await page(account.id)).html;
    expect(html).toContain("Past due");
    expect(html).toContain("Payments paused; payouts paused.");
    expect(html).toContain("made_up.reason");

    const provided = await submit(account.id, "provide", { requirement: DOCUMENT });
    expect(provided.status).toBe(303);
    expect(provided.headers.get("location")).toBe(`/dashboard/${account.id}`);
    html = (await page(account.id)).html;
    expect(html).toContain("Pending verification");
    expect(forms(html)).toEqual([
      `/dashboard/${account.id}/verify ${DOCUMENT}: Verify ${DOCUMENT} | Fail verification of ${DOCUMENT}`,
    ]);
    const stripe = stripeFor(emulator);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
      requirements: {
        pending_verification: [DOCUMENT],
        disabled_reason: "requirements.pending_verification",
      },
    });

    const verified = await submit(account.id, "verify", {
      requirement: DOCUMENT,
      outcome: "verified",
    });
    expect(verified.status).toBe(303);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { pending_verification: [], disabled_reason: null },
    });
    expect((await page(account.id)).html).toContain(
      "Nothing is due: your account is fully set up.",
    );
    const { data } = await stripe.events.list({ limit: 6 }, { stripeAccount: account.id });
    expect(data.map((e) => e.type).slice(0, 3)).toEqual([
      "account.updated",
      "capability.updated",
      "capability.updated",
    ]);
  });

  it("fail verification: due again with the error shown", async () => {
    const { account } = await connectedAccount(emulator);
    await emulator.client.requirementsDue(account.id, { requirements: [DOCUMENT] });
    await submit(account.id, "provide", { requirement: DOCUMENT });
    const failed = await submit(account.id, "verify", { requirement: DOCUMENT, outcome: "failed" });
    expect(failed.status).toBe(303);
    const read = await stripeFor(emulator).accounts.retrieve(account.id);
    expect(read.requirements).toMatchObject({
      currently_due: [DOCUMENT],
      errors: [
        {
          requirement: DOCUMENT,
          code: "verification_document_failed_other",
          reason: "The document could not be verified. Upload another one.",
        },
      ],
    });
    const { html } = await page(account.id);
    expect(html).toContain("Errors");
    expect(html).toContain("The document could not be verified. Upload another one.");
    expect(forms(html)).toEqual([
      `/dashboard/${account.id}/provide ${DOCUMENT}: Provide ${DOCUMENT}`,
    ]);
  });

  it("a stale form (provided twice) shows the page again with the reason, changing nothing", async () => {
    const { account } = await connectedAccount(emulator);
    await emulator.client.requirementsDue(account.id, { requirements: [DOCUMENT] });
    await submit(account.id, "provide", { requirement: DOCUMENT });
    const before: Stripe.Account = (await emulator.client.account(account.id)).account;
    const again = await submit(account.id, "provide", { requirement: DOCUMENT });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(
      /role="alert"[^>]*>individual\.verification\.document is not due/,
    );
    expect((await emulator.client.account(account.id)).account).toEqual(before);
    expect((await submit(account.id, "provide", {})).status).toBe(400);
  });

  it("refuses a post from another site, and answers 404 for an unknown account", async () => {
    const { account } = await connectedAccount(emulator);
    await emulator.client.requirementsDue(account.id, { requirements: [DOCUMENT] });
    const crossSite = await submit(
      account.id,
      "provide",
      { requirement: DOCUMENT },
      { "Sec-Fetch-Site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const otherOrigin = await submit(
      account.id,
      "provide",
      { requirement: DOCUMENT },
      { Origin: "http://attacker.example" },
    );
    expect(otherOrigin.status).toBe(403);
    expect((await emulator.client.account(account.id)).account.requirements?.currently_due).toEqual(
      [DOCUMENT],
    );
    expect((await page("acct_0000000000000000")).status).toBe(404);
    const platform = await stripeFor(emulator).accounts.retrieveCurrent();
    expect((await page(platform.id)).status).toBe(404);
  });

  it("is linked from the emulator's index", async () => {
    const { account } = await connectedAccount(emulator);
    await emulator.client.requirementsDue(account.id, { requirements: [DOCUMENT] });
    const html = await (await fetch(`${emulator.url}/_emulator`)).text();
    expect(html).toContain(`href="/dashboard/${account.id}"`);
    expect(html).toContain("1 due.");
  });
});
