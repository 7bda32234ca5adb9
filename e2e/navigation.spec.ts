import { expect, test } from "./test";
import { connect, seedAccount, signInAsAdmin, signUp } from "./fixtures";

test("an admin lands on the overview and moves through the admin pages, the current one marked", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await expect(page).toHaveURL(/\/admin$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText([
    "Overview",
    "Accounts",
    "Audit log",
    "Team",
    "System",
    "Settings",
  ]);
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

  await nav.getByRole("link", { name: "System" }).click();
  await expect(page.getByRole("heading", { name: "System", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "System" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Overview" })).not.toHaveAttribute("aria-current");

  // Settings holds the admin's profile and sessions, and no dead "Stripe connection" card.
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByText("Platform admins have no Stripe connection")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Stripe connection" })).toHaveCount(0);

  // The home page's button leads back to the overview.
  await page.goto("/");
  await page.getByRole("link", { name: "Go to the platform overview" }).click();
  await expect(page.getByRole("heading", { name: "Platform overview", level: 1 })).toBeVisible();
});

test("an admin finds a seller by email from the header search in one step", async ({
  page,
  browser,
  request,
}) => {
  const account = await seedAccount(request);
  const sellerContext = await browser.newContext();
  const seller = await sellerContext.newPage();
  const email = await signUp(seller);
  await connect(seller, account);
  await sellerContext.close();

  await signInAsAdmin(page);
  const search = page
    .getByRole("search", { name: "Find an account" })
    .getByRole("searchbox", { name: "Find an account" });
  await search.fill(email);
  await search.press("Enter");
  await expect(page).toHaveURL(/\/admin\/accounts\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: "Connection", exact: true })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }),
  ).toHaveAttribute("aria-current", "true");
  const accountPage = page.url();

  // Its acct_ id finds the same page.
  await search.fill(account.id);
  await search.press("Enter");
  await expect(page).toHaveURL(accountPage);
});

test("the header search opens the accounts list for several matches and for none", async ({
  page,
}) => {
  await signInAsAdmin(page);
  const search = page.getByRole("searchbox", {
    name: "Find an account",
  });
  // Every seeded seller's address is at an example domain.
  await search.fill("example");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/admin\/accounts\?q=example$/);
  await expect(page.getByLabel("Search")).toHaveValue("example");
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  await expect(page.getByText("No connections match")).toHaveCount(0);

  await search.fill("nobody-by-this-name");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/admin\/accounts\?q=nobody-by-this-name$/);
  await expect(page.getByText("No connections match")).toBeVisible();
});
