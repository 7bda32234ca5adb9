/**
 * The end-to-end tests' helpers, in one place: accounts (sign-up, sign-in), the mail catcher's
 * inbox, the Stripe emulator (seeded accounts, its authorize page, faults), accessibility.
 * Each creates what a test needs through public paths: the app's pages, the emulator's control API.
 */
import { randomUUID } from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { EmulatorClient, type SeedFields } from "stripe-connect-emulator/client";
import { testEnv } from "@/lib/env";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import type { CaughtMail } from "@/scripts/mail-catcher";

export const ADMIN_EMAIL = "admin@e2e.test";
export const PASSWORD = "a-long-enough-password";

export function uniqueEmail(prefix = "seller"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@e2e.test`;
}

/** Fills in and sends the sign-up form, and waits for its "we've sent a link" answer. */
export async function submitSignUp(page: Page, email: string, name = "Test Seller") {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(
    page.getByText(`If that address can be used, we've sent a link to ${email}`),
  ).toBeVisible();
}

/** Opens the verification link mailed to `email` and confirms it. */
export async function verifyByMail(page: Page, email: string): Promise<void> {
  const mail = await waitForMail(email, /Confirm your email address/);
  await page.goto(linkTo(mail, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page).toHaveURL(/\/(sign-in\?notice=verified&email=[^&]+|settings\?verified=1)$/);
}

/**
 * Where sign-in lands without a callbackUrl (lib/auth/redirects.ts, homePath): the platform admin
 * on the overview, a seller on Settings.
 */
function homeOf(admin: boolean): { url: RegExp; heading: string } {
  return admin
    ? { url: /\/admin$/, heading: "Platform overview" }
    : { url: /\/settings$/, heading: "Settings" };
}

/**
 * Signs up through the form as a new seller would: the verification mail, the link in it, then
 * sign-in, ending on Settings (an admin, one of the server's ADMIN_EMAILS: on the overview).
 */
export async function signUp(
  page: Page,
  email = uniqueEmail(),
  name = "Test Seller",
  admin = email === ADMIN_EMAIL,
): Promise<string> {
  await submitSignUp(page, email, name);
  await verifyByMail(page, email);
  await signIn(page, email, admin);
  await expect(page.getByRole("heading", { name: homeOf(admin).heading, level: 1 })).toBeVisible();
  return email;
}

/** Signs in as the platform admin, whom e2e/admin.setup.ts signed up. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, ADMIN_EMAIL);
}

/** Signs `page` in as the platform admin and opens the account page of `stripeAccountId`. */
export async function openAccountAsAdmin(
  page: Page,
  stripeAccountId: string,
  sellerName = "Test Seller",
): Promise<Page> {
  await signInAsAdmin(page);
  await page.goto(`/admin/accounts?q=${encodeURIComponent(stripeAccountId)}`);
  await page.getByRole("link", { name: sellerName }).click();
  await expect(page.getByRole("heading", { name: "Connection", exact: true })).toBeVisible();
  return page;
}

export async function signIn(
  page: Page,
  email: string,
  admin = email === ADMIN_EMAIL,
): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(homeOf(admin).url);
}

/** No accessibility violations axe finds on the current page, of any impact (minor included). */
export async function expectAccessible(page: Page): Promise<void> {
  // Only violations are gathered in full (passes are counted, not listed): far less work on a
  // page of 50 table rows.
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  expect(
    results.violations.map(
      (v) =>
        `${v.id} (${v.impact ?? "no impact"}): ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    ),
  ).toEqual([]);
}

/** The smallest text a person is asked to read, in CSS pixels as drawn (SVG text included). */
export const SMALLEST_TEXT_PX = 11;

/**
 * Nothing on the current page is cut off or pushed off-screen sideways: the page does not scroll
 * sideways, no element or run of text reaches past the viewport's edges or past the edge of an
 * ancestor that clips it (overflow other than visible: the app keeps no sideways-scrolling
 * containers), and no visible text is drawn smaller than SMALLEST_TEXT_PX. Visually hidden text
 * (Tailwind's sr-only) and what is not rendered (closed <details>, display: none) are left out.
 */
export async function expectNothingCutOff(page: Page): Promise<void> {
  const problems = await page.evaluate((smallest) => {
    const found: string[] = [];
    const viewport = document.documentElement.clientWidth;
    const describe = (node: Node): string => {
      const el = node instanceof Element ? node : node.parentElement;
      if (!el) return "?";
      const cls =
        typeof el.className === "string" && el.className
          ? `.${el.className.split(/\s+/).slice(0, 3).join(".")}`
          : "";
      const text = (node.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
    };
    if (document.documentElement.scrollWidth > viewport) {
      found.push(
        `the page is ${String(document.documentElement.scrollWidth)} px wide in a ${String(viewport)} px viewport`,
      );
    }
    /** Visually hidden: a 1 px box that clips its content (sr-only), or inside one. */
    const hidden = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        if (r.width <= 1 && r.height <= 1 && getComputedStyle(e).overflow !== "visible")
          return true;
      }
      return false;
    };
    /** The right edge of the nearest ancestor that clips sideways, else the viewport's. */
    const clipEdge = (el: Element | null): { right: number; left: number; by: string } => {
      for (
        let e = el;
        e && e !== document.documentElement && e !== document.body;
        e = e.parentElement
      ) {
        if (getComputedStyle(e).overflowX !== "visible") {
          const r = e.getBoundingClientRect();
          return {
            left: r.left + e.clientLeft,
            right: r.left + e.clientLeft + e.clientWidth,
            by: describe(e),
          };
        }
      }
      return { left: 0, right: viewport, by: "the viewport" };
    };
    /** Inside a closed <details>, other than its summary: not shown. */
    const folded = (el: Element | null): boolean => {
      const details = el?.closest("details:not([open])");
      return !!details && !el?.closest("summary")?.parentElement?.isSameNode(details);
    };
    const check = (node: Node, rect: DOMRect, parent: Element | null) => {
      if ((rect.width === 0 && rect.height === 0) || folded(parent)) return;
      const edge = clipEdge(parent);
      if (rect.right > edge.right + 1 || rect.left < edge.left - 1) {
        if (!hidden(parent)) {
          found.push(
            `${describe(node)} spans ${String(Math.round(rect.left))}–${String(Math.round(rect.right))} px, past ${edge.by} (${String(Math.round(edge.left))}–${String(Math.round(edge.right))} px)`,
          );
        }
      }
    };
    for (const el of document.body.querySelectorAll("*")) {
      check(el, el.getBoundingClientRect(), el.parentElement);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim() || !node.parentElement) continue;
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const parent = node.parentElement;
      check(node, rect, parent);
      if (hidden(parent) || folded(parent)) continue;
      let size = parseFloat(getComputedStyle(parent).fontSize);
      const svgText = parent.closest("text");
      if (svgText instanceof SVGGraphicsElement) size *= svgText.getScreenCTM()?.a ?? 1;
      if (size < smallest - 0.05) found.push(`${describe(node)} is drawn at ${size.toFixed(1)} px`);
    }
    return found.slice(0, 15);
  }, SMALLEST_TEXT_PX);
  expect(
    problems,
    `cut off, off-screen or too small at ${String(page.viewportSize()?.width)} px`,
  ).toEqual([]);
}

// The mail catcher playwright.config.ts starts.

/** The inbox of the mail catcher playwright.config.ts starts. */
function inboxUrl(to: string): string {
  const url = new URL(`http://127.0.0.1:${String(testEnv().E2E_MAIL_PORT + 1)}/messages`);
  url.searchParams.set("to", to);
  return url.toString();
}

export async function inbox(to: string): Promise<CaughtMail[]> {
  const response = await fetch(inboxUrl(to));
  return (await response.json()) as CaughtMail[];
}

/** The newest message to `to` whose subject matches, once it has arrived (after `after` others). */
export async function waitForMail(to: string, subject: RegExp, after = 0): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        const matching = (await inbox(to)).filter((m) => subject.test(m.subject));
        found = matching.length > after ? matching.at(-1) : undefined;
        return found !== undefined;
      },
      { message: `a mail to ${to} with subject ${String(subject)}`, timeout: 30_000 },
    )
    .toBe(true);
  if (!found) throw new Error("unreachable");
  return found;
}

/** The one link in `mail` to our page `path`. */
export function linkTo(mail: CaughtMail, path: string): string {
  const link = mail.links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no link to ${path} in "${mail.subject}": ${mail.links.join(", ")}`);
  return link;
}

// The Stripe emulator.

/** The Stripe emulator the e2e app server talks to, and its control API (stripe-emulator/README.md). */
export const EMULATOR_URL = `http://127.0.0.1:${testEnv().E2E_STRIPE_EMULATOR_PORT}`;

/**
 * The emulator's typed control client (stripe-connect-emulator/client), sending through
 * Playwright's request context so that its calls show in the test's trace.
 */
export function stripeEmulator(request: APIRequestContext): EmulatorClient {
  return new EmulatorClient(EMULATOR_URL, {
    clientId: EMULATOR.clientId,
    secretKey: EMULATOR.secretKey,
    transport: async ({ method, url, headers, body }) => {
      const response = await request.fetch(url, { method, headers, data: body, maxRedirects: 0 });
      return {
        status: response.status(),
        location: response.headers().location ?? null,
        text: await response.text(),
      };
    },
  });
}

export interface SeededAccount {
  id: string;
  email: string;
  businessName: string;
}

/**
 * A Stripe test account on the emulator with a balance, two payments and a payout; `more`
 * replaces or adds seed fields (other payouts, a payout schedule…).
 */
export async function seedAccount(
  request: APIRequestContext,
  name?: string,
  more: SeedFields = {},
): Promise<SeededAccount> {
  const suffix = randomUUID().slice(0, 8);
  const email = `shop-${suffix}@stripe.test`;
  const businessName = name ?? `Shop ${suffix}`;
  const account = await stripeEmulator(request).seedAccount({
    email,
    business_name: businessName,
    balance: {
      available: [{ amount: 123456, currency: "usd" }],
      pending: [{ amount: 5000, currency: "usd" }],
    },
    charges: [
      { amount: 2500, currency: "usd", description: "Order #1001" },
      { amount: 4200, currency: "usd", description: "Order #1002" },
    ],
    payouts: [{ amount: 10000, currency: "usd" }],
    ...more,
  });
  return { id: account.id, email, businessName };
}

/** The account as Stripe (the emulator) holds it, with its connection (null: not connected). */
export function accountAtStripe(request: APIRequestContext, account: SeededAccount) {
  return stripeEmulator(request).account(account.id);
}

/**
 * The seller revokes the platform's access from their Stripe Dashboard. With `webhook: false`
 * Stripe's deauthorized event never reaches the app (a missed event): only Stripe's answers to
 * the app's own calls (403 account_invalid) tell it.
 */
export async function revokeAtStripe(
  request: APIRequestContext,
  account: SeededAccount,
  { webhook = true }: { webhook?: boolean } = {},
): Promise<void> {
  await stripeEmulator(request).revoke(account.id, { deliver_webhook: webhook });
}

/** Makes the emulator fail the next `times` requests to `path` (stripe-node tries 3 times). */
export async function injectFault(
  request: APIRequestContext,
  fault: { path: string; status?: number; delay_ms?: number; times: number },
): Promise<void> {
  await stripeEmulator(request).injectFault(fault);
}

/** Clears every injected fault. */
export async function clearFaults(request: APIRequestContext): Promise<void> {
  await stripeEmulator(request).clearFaults();
}

/** Waits until the emulator has delivered every webhook event so far (retries included). */
export async function flushWebhooks(request: APIRequestContext): Promise<void> {
  await stripeEmulator(request).flushWebhooks();
}

/** On the emulator's authorize page: signs in to `account` and presses Connect. */
export async function approveOnStripe(page: Page, account: SeededAccount): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/oauth/authorize`));
  await page.getByRole("link", { name: "Sign in to an existing account instead" }).click();
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
}

/**
 * From Settings: Connect my Stripe account → sign in on Stripe → back on Settings, connected; returns
 * the callback URL Stripe sent the browser to (with its code and state).
 */
export async function connectCapturingCallback(page: Page, account: SeededAccount): Promise<URL> {
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  const callback = page.waitForRequest((r) =>
    r.url().includes("/api/stripe/connect/callback?code="),
  );
  await approveOnStripe(page, account);
  const url = new URL((await callback).url());
  await expect(page).toHaveURL(/\/settings\?connect=connected$/);
  return url;
}

/** From Settings: Connect my Stripe account → sign in on Stripe → back on Settings, connected. */
export async function connect(page: Page, account: SeededAccount): Promise<void> {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await approveOnStripe(page, account);
  await expect(page).toHaveURL(/\/settings\?connect=connected$/);
  await expect(page.getByTestId("connection-status")).toContainText("Connected");
}

/** A new seller, signed up and connected to a freshly seeded Stripe account. */
export async function connectedSeller(
  page: Page,
  request: APIRequestContext,
): Promise<SeededAccount> {
  const account = await seedAccount(request);
  await signUp(page);
  await connect(page, account);
  return account;
}

/** Settings → Disconnect → confirm. */
export async function disconnectFromSettings(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
}
