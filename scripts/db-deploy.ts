/** `npm run db:deploy`: applies pending prisma/migrations to the configured database. */
import { migrateDatabase } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { runScript } from "./cli";

async function main(): Promise<void> {
  const applied = await migrateDatabase(env().DATABASE_URL, { log: console.log });
  console.log(
    applied.length ? `${applied.length} migration(s) applied.` : "Database is up to date.",
  );
}

runScript("db:deploy", main);
