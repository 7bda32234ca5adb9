// As in a Next.js server: what Next's request scope needs (AsyncLocalStorage) is set up before
// any of Next's modules load (tests/helpers.ts: inRequestScope).
import "next/dist/server/node-environment-baseline";
import { afterAll, inject, vi } from "vitest";
import { db } from "@/lib/db";

vi.stubEnv("DATABASE_URL", inject("databaseUrl"));
// PGlite serves one session at a time (see lib/db/embedded.ts).
vi.stubEnv("DATABASE_POOL_MAX", inject("databaseKind") === "pglite" ? "1" : "10");
vi.stubEnv("ADMIN_EMAILS", "boss@example.test");
vi.stubEnv("SMTP_URL", inject("smtpUrl"));

afterAll(async () => {
  await db().$disconnect();
});
