import { syncListedAdmins } from "@/lib/auth/admins";
import { migrateDatabase, MigrationError } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** The server's own start-up: pending migrations, then ADMIN_EMAILS. Throws to refuse to start. */
export async function migrateOnStart(): Promise<void> {
  const { DATABASE_URL, MIGRATIONS_ALLOW_CHANGED } = env();
  let applied: string[];
  try {
    applied = await migrateDatabase(DATABASE_URL, {
      allowChanged: MIGRATIONS_ALLOW_CHANGED,
      log: (line) => {
        if (line.startsWith("warning:")) log().warn(`migrations: ${line}`);
      },
    });
  } catch (error) {
    if (error instanceof MigrationError) log().fatal(`not starting: ${error.message}`);
    throw error;
  }
  if (applied.length) log().info({ migrations: applied }, "applied migrations");
  const { granted, revoked } = await syncListedAdmins();
  for (const email of granted) log().info(`ADMIN_EMAILS: ${email} is now a platform admin`);
  for (const email of revoked) log().info(`ADMIN_EMAILS: ${email} is no longer a platform admin`);
}
