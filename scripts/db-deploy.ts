/** `npm run db:deploy`: applies pending prisma/migrations to the configured database. */
import { migrateDatabase } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { runScript } from "./cli";

async function main(): Promise<void> {
  const { DATABASE_URL, MIGRATIONS_ALLOW_CHANGED } = env();
  const applied = await migrateDatabase(DATABASE_URL, {
    allowChanged: MIGRATIONS_ALLOW_CHANGED,
    log: console.log,
  });
  console.log(
    applied.length ? `${applied.length} migration(s) applied.` : "Database is up to date.",
  );
}

runScript("db:deploy", main);
