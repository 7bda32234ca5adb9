/**
 * Starts the integration tests' database: the server named by TEST_DATABASE_URL (its public schema
 * is emptied first, so migrations are tested from scratch), or an in-memory embedded PGlite.
 * Then applies the migrations, as the app does at start-up.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { startMailCatcher } from "@/scripts/mail-catcher";
import { migrateDatabase } from "@/lib/db/migrations";
import { testEnv } from "@/lib/env";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "pglite";
    /** The tests' mail catcher (scripts/mail-catcher.ts): SMTP URL and HTTP inbox. */
    smtpUrl: string;
    mailInboxUrl: string;
  }
}

async function emptyPublicSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // pg-boss's schema too (lib/jobs/): no job of an earlier run is left to work.
    await client.query(
      "DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
    );
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = testEnv().TEST_DATABASE_URL;
  let url: string;
  let stop: () => Promise<void> = () => Promise.resolve();
  if (serverUrl) {
    await emptyPublicSchema(serverUrl);
    url = serverUrl;
  } else {
    const embedded = await startEmbeddedPostgres({ port: 0 });
    url = embedded.url;
    stop = () => embedded.stop();
  }
  await migrateDatabase(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", serverUrl ? "postgresql" : "pglite");
  const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  project.provide("smtpUrl", `smtp://127.0.0.1:${String(mail.smtpPort)}`);
  project.provide("mailInboxUrl", `http://127.0.0.1:${String(mail.httpPort)}/messages`);
  return async () => {
    await mail.stop();
    await stop();
  };
}
