import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, test } from "./test";
import { signInAsAdmin, signUp } from "./fixtures";

/**
 * Links anyone can craft and send: each must be answered with a client error or a redirect to
 * our own origin, never a 500 (nor a redirect elsewhere).
 */
async function expectSafeAnswer(
  request: APIRequestContext,
  path: string,
  baseURL: string | undefined,
): Promise<APIResponse> {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBeLessThan(500);
  const location = response.headers()["location"];
  if (location !== undefined) {
    expect(new URL(location, baseURL).origin, `${path} redirects to ${location}`).toBe(
      new URL(baseURL ?? "").origin,
    );
  }
  return response;
}

const signedOutLinks = [
  "/api/auth/signin?callbackUrl=%2F%2Fevil.example",
  "/api/auth/signin?callbackUrl=not%20a%20url",
  "/api/auth/signin?callbackUrl=%2F%09%2Fevil.example",
  "/sign-in?callbackUrl=%2F%0D%0AX:1",
  "/admin/accounts/%E0%A4%A",
];

test("crafted links get a client error or a redirect home, signed out", async ({
  request,
  baseURL,
}) => {
  for (const path of signedOutLinks) await expectSafeAnswer(request, path, baseURL);
});

test("crafted links get a client error or a redirect home, signed in as a seller", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  for (const path of [
    ...signedOutLinks,
    "/sign-in?callbackUrl=%2F%0A%2Fevil.example",
    "/sign-in?callbackUrl=%2F%09%2Fevil.example",
  ]) {
    await expectSafeAnswer(page.request, path, baseURL);
  }
  // Signed in, a header-splitting callbackUrl is not followed: Settings instead.
  const response = await expectSafeAnswer(
    page.request,
    "/sign-in?callbackUrl=%2F%0D%0AX:1",
    baseURL,
  );
  expect(response.status()).toBe(307);
  expect(new URL(response.headers()["location"] ?? "", baseURL).pathname).toBe("/settings");
});

test("a malformed percent-encoding in an admin's page address is a 400", async ({
  page,
  baseURL,
}) => {
  await signInAsAdmin(page);
  const response = await expectSafeAnswer(page.request, "/admin/accounts/%E0%A4%A", baseURL);
  expect(response.status()).toBe(400);
});

test("a forged callbackUrl posted to next-auth is not followed, and is no 500", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  for (const callbackUrl of ["//evil.example", "not a url", "/\t/evil.example"]) {
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as {
      csrfToken: string;
    };
    const response = await page.request.post("/api/auth/signout", {
      form: { csrfToken, callbackUrl },
      maxRedirects: 0,
    });
    expect(response.status(), callbackUrl).toBe(302);
    expect(response.headers()["location"], callbackUrl).toBe(`${new URL(baseURL ?? "").origin}/`);
  }
});
