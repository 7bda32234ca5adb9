/**
 * The page sweep of e2e/layout*.spec.ts: every page a visitor, a seller or an admin opens, at a
 * phone's width and a laptop's, in light and dark mode, with nothing cut off or pushed off-screen
 * and no accessibility violation axe finds (e2e/fixtures.ts has both checks). One test per page,
 * width and colour scheme: an axe scan takes seconds on a busy machine. The signed-in sessions
 * (and the seller's connected account) are made once per worker, not once per test.
 */
import type { BrowserContext, Cookie, Page } from "@playwright/test";
import {
  connectedSeller,
  expectAccessible,
  expectNothingCutOff,
  signInAsAdmin,
  type SeededAccount,
} from "./fixtures";
import { expect, test as base } from "./test";

export const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;

export const COLOR_SCHEMES = ["light", "dark"] as const;

interface Seller {
  cookies: Cookie[];
  account: SeededAccount;
}

interface WorkerFixtures {
  /** A signed-in platform admin's session cookies. */
  adminCookies: Cookie[];
  /** A seller signed up and connected to a Stripe account with payments and a payout. */
  seller: Seller;
  /** The admin page of that seller's connection (live from Stripe). */
  connectedAccountPath: string;
  /** The admin page of an ended connection (one of the seeded ones). */
  endedAccountPath: string;
}

interface TestFixtures {
  /** Signs the test's context in as the admin. */
  asAdmin: () => Promise<void>;
  /** Signs the test's context in as the connected seller. */
  asSeller: () => Promise<void>;
}

/** A context of the worker's own, on the app's URL, closed after `run`. */
async function withContext<T>(
  newContext: (options: { baseURL?: string }) => Promise<BrowserContext>,
  baseURL: string | undefined,
  run: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await newContext({ baseURL });
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  adminCookies: [
    async ({ browser }, provide, workerInfo) => {
      const cookies = await withContext(
        (o) => browser.newContext(o),
        workerInfo.project.use.baseURL,
        async (page, context) => {
          await signInAsAdmin(page);
          return context.cookies();
        },
      );
      await provide(cookies);
    },
    { scope: "worker" },
  ],
  seller: [
    async ({ browser, playwright }, provide, workerInfo) => {
      const request = await playwright.request.newContext();
      try {
        const seller = await withContext(
          (o) => browser.newContext(o),
          workerInfo.project.use.baseURL,
          async (page, context) => {
            const account = await connectedSeller(page, request);
            return { account, cookies: await context.cookies() };
          },
        );
        await provide(seller);
      } finally {
        await request.dispose();
      }
    },
    { scope: "worker" },
  ],
  connectedAccountPath: [
    async ({ browser, adminCookies, seller }, provide, workerInfo) => {
      const path = await withContext(
        (o) => browser.newContext(o),
        workerInfo.project.use.baseURL,
        async (page, context) => {
          await context.addCookies(adminCookies);
          await page.goto(`/admin/accounts?q=${encodeURIComponent(seller.account.id)}`);
          await page.getByRole("link", { name: "Test Seller" }).click();
          await expect(
            page.getByRole("heading", { name: "Connection", exact: true }),
          ).toBeVisible();
          return new URL(page.url()).pathname;
        },
      );
      await provide(path);
    },
    { scope: "worker" },
  ],
  endedAccountPath: [
    async ({ browser, adminCookies }, provide, workerInfo) => {
      const path = await withContext(
        (o) => browser.newContext(o),
        workerInfo.project.use.baseURL,
        async (page, context) => {
          await context.addCookies(adminCookies);
          await page.goto("/admin/accounts?status=disconnected");
          const link = page
            .getByRole("region", { name: "Stripe connections" })
            .or(page.getByRole("table", { name: "Stripe connections" }))
            .first()
            .getByRole("link")
            .first();
          const href = await link.getAttribute("href");
          if (!href) throw new Error("no ended connection in the accounts list");
          return href;
        },
      );
      await provide(path);
    },
    { scope: "worker" },
  ],
  asAdmin: async ({ context, adminCookies }, provide) => {
    await provide(() => context.addCookies(adminCookies));
  },
  asSeller: async ({ context, seller }, provide) => {
    await provide(() => context.addCookies(seller.cookies));
  },
});

/**
 * Opens `path` and checks it: its heading shown, every streamed panel arrived (no aria-busy
 * placeholder left), then nothing cut off and no accessibility violation.
 */
export async function checkPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.ok() || response?.status() === 404, `${path} answered`).toBe(true);
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expectNothingCutOff(page);
  await expectAccessible(page);
}

/**
 * Defines the tests `define` declares once per width and colour scheme, each set in a describe
 * block of its own (`title` at phone width, dark…).
 */
export function forEachLayout(title: string, define: () => void): void {
  for (const viewport of VIEWPORTS) {
    for (const colorScheme of COLOR_SCHEMES) {
      test.describe(`${title} at ${viewport.name} width, ${colorScheme}`, () => {
        test.use({ viewport: { width: viewport.width, height: viewport.height }, colorScheme });
        define();
      });
    }
  }
}
export { expect };
