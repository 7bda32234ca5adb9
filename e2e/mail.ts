import { expect } from "@playwright/test";
import type { CaughtMail } from "@/scripts/mail-catcher";
import { testEnv } from "@/lib/env";

/** The inbox of the mail catcher playwright.config.ts starts. */
function inboxUrl(to: string): string {
  const url = new URL(`http://127.0.0.1:${String(testEnv().E2E_MAIL_PORT + 1)}/messages`);
  url.searchParams.set("to", to);
  return url.toString();
}

export async function inbox(to: string): Promise<CaughtMail[]> {
  const response = await fetch(inboxUrl(to));
  return (await response.json()) as CaughtMail[];
}

/** The newest message to `to` whose subject matches, once it has arrived (after `after` others). */
export async function waitForMail(to: string, subject: RegExp, after = 0): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        const matching = (await inbox(to)).filter((m) => subject.test(m.subject));
        found = matching.length > after ? matching.at(-1) : undefined;
        return found !== undefined;
      },
      { message: `a mail to ${to} with subject ${String(subject)}`, timeout: 30_000 },
    )
    .toBe(true);
  if (!found) throw new Error("unreachable");
  return found;
}

/** The one link in `mail` to our page `path`. */
export function linkTo(mail: CaughtMail, path: string): string {
  const link = mail.links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no link to ${path} in "${mail.subject}": ${mail.links.join(", ")}`);
  return link;
}
