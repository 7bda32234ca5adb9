import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./test";
import {
  ADMIN_EMAIL,
  inbox,
  linkTo,
  PASSWORD,
  signIn,
  signInAsAdmin,
  signUp,
  submitSignUp,
  uniqueEmail,
  verifyByMail,
  waitForMail,
} from "./fixtures";

/** A second browser holding a copy of `context`'s cookies, as a thief would. */
async function copyOf(browser: Browser, context: BrowserContext): Promise<Page> {
  const thief = await browser.newContext();
  await thief.addCookies(await context.cookies());
  return thief.newPage();
}

async function expectSignedOut(page: Page) {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings$/);
}

test("the whole account life by mail: sign up, verify, forget the password, reset it, old sessions end", async ({
  page,
  browser,
}) => {
  // Three mails and a dozen pages: over a minute on a busy machine.
  test.setTimeout(120_000);
  const email = uniqueEmail("life");
  await submitSignUp(page, email, "Lifelong Seller");
  // Unverified: may sign in, may not connect Stripe yet.
  await signIn(page, email);
  await expect(
    page.getByText(`Confirm your email address: open the link we emailed to ${email}`),
  ).toBeVisible();
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await expect(page.getByTestId("outcome")).toContainText(
    "Confirm your email address before connecting Stripe",
  );

  await verifyByMail(page, email);
  await expect(page).toHaveURL(/\/settings\?verified=1$/);
  await expect(page.getByText("Your email address is confirmed.")).toBeVisible();
  await expect(page.getByText(/Confirm your email address: open the link/)).toHaveCount(0);

  // A copy of this session, taken before the reset.
  const old = await copyOf(browser, page.context());
  await old.goto("/settings");
  await expect(old.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(
    page.getByText(`If that address can be used, we've sent a link to ${email}`),
  ).toBeVisible();
  const reset = await waitForMail(email, /Reset your password/);
  await page.goto(linkTo(reset, "/reset-password"));
  await page.getByLabel("New password").fill("password12");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByText(/This password is too easy to guess/)).toBeVisible();
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByLabel("New password")).toHaveValue("password12");
  await page.getByLabel("New password").fill("quiet lantern over the moor");
  await page.getByRole("button", { name: "Set the new password" }).click();
  // Done: on to sign-in, the address filled in.
  await expect(page).toHaveURL(/\/sign-in\?notice=reset&email=[^&]+$/);
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await expectSignedOut(old);

  await page.getByLabel("Password").fill("quiet lantern over the moor");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);

  // The link works once, and the page leads to asking for a new one.
  await page.goto(linkTo(reset, "/reset-password"));
  await expect(page.getByText("This reset link cannot be used")).toBeVisible();
  await page.getByRole("link", { name: "Ask for a new one" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await old.context().close();
});

test("signing out ends the session on the server: a copied cookie stops working", async ({
  page,
  browser,
}) => {
  await signUp(page);
  const copy = await copyOf(browser, page.context());
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expectSignedOut(copy);
  await copy.context().close();
});

test("sign out everywhere ends every session of the user", async ({ page, browser }) => {
  const email = await signUp(page);
  const other = await browser.newPage();
  await signIn(other, email);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=ended$/);
  await expect(page.getByText("You were signed out everywhere.")).toBeVisible();
  await expectSignedOut(other);
  await other.context().close();
});

test("sign-in is rate limited per account: 429 with Retry-After, and the form says how long to wait", async ({
  page,
}) => {
  const email = await signUp(page);
  await page.context().clearCookies();
  await page.goto("/sign-in");
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong password ${String(i)}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
  }
  // The right password no longer gets in either, until the window passes.
  await page.getByLabel("Password").fill(PASSWORD);
  const answer = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "Sign in" }).click();
  const response = await answer;
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(60);
  await expect(page.getByText(/^Too many attempts\. Try again in 1[45] minutes\.$/)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("an admin invites a second admin by mail, the invitee accepts, and the first admin removes them", async ({
  page,
  browser,
}) => {
  await signInAsAdmin(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  const invitee = uniqueEmail("second-admin");
  await page.getByLabel("Email").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  await expect(page.getByRole("region", { name: "Open invitations" })).toContainText(invitee);

  const invitation = await waitForMail(invitee, /invited to be a Seller Connect platform admin/);
  const link = linkTo(invitation, "/invite");
  const second = await browser.newPage();
  await second.goto(link);
  await expect(second.getByText(`This invitation is for ${invitee}.`)).toBeVisible();
  await submitSignUp(second, invitee, "Second Admin");
  await second.goto(link);
  await second.getByRole("link", { name: `Sign in as ${invitee}` }).click();
  await second.getByLabel("Email").fill(invitee);
  await second.getByLabel("Password").fill(PASSWORD);
  await second.getByRole("button", { name: "Sign in" }).click();
  await second.getByRole("button", { name: "Accept" }).click();
  await expect(second).toHaveURL(/\/admin$/);
  await expect(second.getByRole("heading", { name: "Platform overview", level: 1 })).toBeVisible();

  await page.reload();
  const admins = page.getByRole("region", { name: "Platform admins" });
  const row = admins.getByRole("row").filter({ hasText: invitee });
  await expect(row).toContainText("Invitation");
  await row.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, remove" }).click();
  await expect(page).toHaveURL(/\/admin\/team\?notice=removed$/);
  await expect(admins.getByRole("row").filter({ hasText: invitee })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Admin role history" })).toContainText(ADMIN_EMAIL);

  // At once, the removed admin is a seller.
  const response = await second.goto("/admin");
  expect(response?.status()).toBe(403);
  await second.context().close();
});

test("a seller cannot reach the Team page or its actions", async ({ page, browser }) => {
  // An admin's real invitation request, recorded so that a seller can replay it.
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
  await admin.goto("/admin/team");
  const target = uniqueEmail("invited-once");
  await admin.getByLabel("Email").fill(target);
  const sent = admin.waitForRequest(
    (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined,
  );
  await admin.getByRole("button", { name: "Send invitation" }).click();
  const request = await sent;
  await waitForMail(target, /invited to be a Seller Connect platform admin/);
  const headers = await request.allHeaders();
  await admin.context().close();

  await signUp(page);
  const response = await page.goto("/admin/team");
  expect(response?.status()).toBe(403);
  const replay = await page.request.post("/admin/team", {
    headers: {
      "Next-Action": headers["next-action"] ?? "",
      "Content-Type": headers["content-type"] ?? "",
      Origin: headers.origin ?? "",
    },
    data: request.postDataBuffer() ?? "",
  });
  expect(replay.status()).toBe(403);
  expect(await inbox(target)).toHaveLength(1);
});
