import {
  test as base,
  expect,
  type BrowserContext,
  type ConsoleMessage,
  type WebError,
} from "@playwright/test";

/** What Chromium writes to the console when the Content-Security-Policy blocks something. */
function isCspViolation(text: string): boolean {
  return text.includes("Content Security Policy") || text.includes("Refused to");
}

/**
 * `test` for every spec of e2e/: fails a test, at its end, if the browser reported a
 * Content-Security-Policy violation on one of the app's pages, in any page of the test's
 * context or of a context the test opens itself. Pages of other hosts (the Stripe emulator's,
 * Stripe's own) are theirs to police. `cspViolations` holds what was reported so far.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ browser, context, baseURL }, use) => {
      const violations: string[] = [];
      const appHost = baseURL ? new URL(baseURL).hostname : "localhost";
      const record = (url: string | undefined, text: string) => {
        if (!isCspViolation(text) || !url || !URL.canParse(url)) return;
        if (new URL(url).hostname === appHost) violations.push(`${url}: ${text}`);
      };
      const watch = (watched: BrowserContext) => {
        watched.on("console", (message: ConsoleMessage) => {
          record(message.page()?.url(), message.text());
        });
        watched.on("weberror", (error: WebError) => {
          record(error.page()?.url(), error.error().message);
        });
      };
      watch(context);
      browser.on("context", watch);
      await use(violations);
      browser.off("context", watch);
      expect(violations, "Content-Security-Policy violations reported by the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
