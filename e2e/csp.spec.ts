import { expect, test } from "./test";

function nonceOf(policy: string | undefined): string | undefined {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];
}

test("every page has a strict Content-Security-Policy with a fresh nonce, on its scripts", async ({
  request,
}) => {
  for (const path of ["/", "/sign-in", "/sign-up", "/no-such-page", "/settings"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const policy = headers["content-security-policy"];
    expect(policy, path).toContain("default-src 'self'");
    expect(policy, path).toContain("'strict-dynamic'");
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).not.toContain("'unsafe-inline'");
    expect(policy, path).not.toContain("'unsafe-eval'");
    const nonce = nonceOf(policy);
    expect(nonce, path).toBeDefined();
    // Next.js puts the nonce on the scripts it writes into the page.
    expect(await response.text(), path).toContain(`nonce="${nonce}"`);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("no-referrer");
  }

  const first = nonceOf((await request.get("/sign-in")).headers()["content-security-policy"]);
  const second = nonceOf((await request.get("/sign-in")).headers()["content-security-policy"]);
  expect(first).not.toBe(second);
});

test("markup injected into a page runs no script, and the suite hears of it", async ({
  page,
  cspViolations,
}) => {
  await page.goto("/sign-in");
  // What a cross-site scripting hole would let through: an inline event handler. (A script
  // element added by a script that already runs is allowed by 'strict-dynamic', by design.)
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img alt="" src="/no-such-image.png" onerror="document.body.dataset.injected = 'ran'">`,
    );
  });
  await expect
    .poll(() => cspViolations)
    .toContainEqual(expect.stringContaining("Content Security Policy"));
  await expect(page.locator("body")).not.toHaveAttribute("data-injected", "ran");
  // Caused on purpose: acknowledged, so that this test does not fail on it at its end.
  cspViolations.splice(0);
});
