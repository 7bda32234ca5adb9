import { expect, test } from "@playwright/test";
import { signInAsAdmin, signUp } from "./fixtures";

const adminPages = ["/admin", "/admin/accounts"];

test("signed-out visitors are sent to sign-in from pages and get 401 from the API", async ({
  page,
  request,
}) => {
  for (const path of ["/settings", "/dashboard", ...adminPages]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${encodeURIComponent(path)}$`));
  }
  const response = await request.get("/api/admin/users");
  expect(response.status()).toBe(401);
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
  const api = await page.request.get("/api/admin/users");
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({
    error: { code: "forbidden", message: "You do not have access to this." },
  });
});

test("an admin sees the admin navigation and the table of users", async ({ page }) => {
  const seller = await signUp(page, undefined, "Listed Seller");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await signInAsAdmin(page);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Accounts" })
    .click();
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: seller });
  await expect(row).toContainText("Listed Seller");
  await expect(row).toContainText("Seller");

  const api = await page.request.get("/api/admin/users");
  expect(api.status()).toBe(200);
});
