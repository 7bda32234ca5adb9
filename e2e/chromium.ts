import { existsSync } from "node:fs";
import { testEnv } from "@/lib/env";

/**
 * The Chromium the tests and the Lighthouse benchmark drive: CHROMIUM_PATH, else Debian's
 * /usr/bin/chromium, else undefined (Playwright's own download, where one is installed).
 */
export function chromiumPath(): string | undefined {
  const configured = testEnv().CHROMIUM_PATH;
  if (configured) return configured;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}
