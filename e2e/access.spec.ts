import { expect, test } from "./test";
import { signInAsAdmin, signUp } from "./fixtures";

const adminPages = [
  "/admin",
  "/admin/accounts",
  "/admin/accounts/any-connection-id",
  "/admin/team",
  "/admin/system",
  "/admin/audit",
];
const adminRoutes = ["/api/admin/accounts/export"];

test("signed-out visitors are sent to sign-in from pages and get 401 from the API", async ({
  page,
  request,
}) => {
  for (const path of ["/settings", "/dashboard", ...adminPages]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${encodeURIComponent(path)}$`));
  }
  for (const route of adminRoutes) {
    expect((await request.get(route)).status()).toBe(401);
  }
});

test("a seller is refused every admin page (403) and admin API route (403)", async ({ page }) => {
  await signUp(page);
  for (const path of adminPages) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(
      page.getByRole("heading", { name: "You do not have access to this page" }),
    ).toBeVisible();
  }
  for (const route of adminRoutes) {
    const api = await page.request.get(route);
    expect(api.status()).toBe(403);
    expect(await api.json()).toEqual({
      error: { code: "forbidden", message: "You do not have access to this." },
    });
  }
});

test("an admin sees the admin navigation, the admin pages and the admin API", async ({ page }) => {
  await signInAsAdmin(page);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Accounts" })
    .click();
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Overview" })
    .click();
  await expect(page.getByRole("heading", { name: "Platform overview", level: 1 })).toBeVisible();

  for (const route of adminRoutes) {
    expect((await page.request.get(route)).status()).toBe(200);
  }
});

test("no API answer may be cached, success or error, signed in or out", async ({
  page,
  request,
}) => {
  const noStore = (response: { headers(): Record<string, string> }) =>
    response.headers()["cache-control"] ?? "";
  // Signed out: 401s, redirects to sign-in, next-auth's own routes.
  for (const route of [
    ...adminRoutes,
    "/api/stripe/connect/authorize",
    "/api/stripe/connect/callback",
    "/api/auth/session",
    "/api/auth/providers",
  ]) {
    expect(noStore(await request.get(route, { maxRedirects: 0 })), route).toContain("no-store");
  }
  // A seller: 403 from the admin API, the redirect to Stripe, a refused cross-site disconnect.
  await signUp(page);
  for (const route of [...adminRoutes, "/api/stripe/connect/authorize", "/api/auth/session"]) {
    expect(noStore(await page.request.get(route, { maxRedirects: 0 })), route).toContain(
      "no-store",
    );
  }
  const crossSite = await page.request.post("/api/stripe/connect/disconnect", {
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(noStore(crossSite)).toContain("no-store");
  // An admin's export, the API answer with the most to hide.
  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await signInAsAdmin(page);
  const csv = await page.request.get("/api/admin/accounts/export");
  expect(csv.status()).toBe(200);
  expect(noStore(csv)).toContain("no-store");
});
