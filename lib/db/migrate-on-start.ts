import { syncListedAdmins } from "@/lib/auth/admins";
import { migrateDatabase, MigrationError } from "@/lib/db/migrations";
import { env } from "@/lib/env";

/** The server's own start-up: pending migrations, then ADMIN_EMAILS. Throws to refuse to start. */
export async function migrateOnStart(): Promise<void> {
  const { DATABASE_URL, MIGRATIONS_ALLOW_CHANGED } = env();
  let applied: string[];
  try {
    applied = await migrateDatabase(DATABASE_URL, {
      allowChanged: MIGRATIONS_ALLOW_CHANGED,
      log: (line) => {
        if (line.startsWith("warning:")) console.warn(`Migrations: ${line}`);
      },
    });
  } catch (error) {
    if (error instanceof MigrationError) console.error(`Not starting: ${error.message}`);
    throw error;
  }
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  const { granted, revoked } = await syncListedAdmins();
  for (const email of granted) console.log(`ADMIN_EMAILS: ${email} is now a platform admin.`);
  for (const email of revoked) console.log(`ADMIN_EMAILS: ${email} is no longer a platform admin.`);
}
