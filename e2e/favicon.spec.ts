import { expect, test } from "./test";

test("pages have an icon that loads under the CSP: no 404 in the browser's console", async ({
  page,
}) => {
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });

  await page.goto("/sign-in");
  // Chromium asks for the icon after the page (for /favicon.ico when the page names none).
  await page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);
  expect(consoleErrors).toEqual([]);

  const link = page.locator('link[rel="icon"]');
  await expect(link).toHaveCount(1);
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
