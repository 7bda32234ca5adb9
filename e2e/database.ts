import { testEnv } from "@/lib/env";

/** The end-to-end app's embedded database (started by playwright.config.ts's first web server). */
export function e2eDatabasePort(): number {
  return testEnv().E2E_PORT + 20_000;
}

export function e2eDatabaseUrl(): string {
  return `postgresql://postgres:postgres@127.0.0.1:${e2eDatabasePort()}/postgres`;
}
