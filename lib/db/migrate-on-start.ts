import { syncListedAdmins } from "@/lib/auth/admins";
import { migrateDatabase } from "@/lib/db/migrations";
import { env } from "@/lib/env";

export async function migrateOnStart(): Promise<void> {
  const applied = await migrateDatabase(env().DATABASE_URL);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  const { granted, revoked } = await syncListedAdmins();
  for (const email of granted) console.log(`ADMIN_EMAILS: ${email} is now a platform admin.`);
  for (const email of revoked) console.log(`ADMIN_EMAILS: ${email} is no longer a platform admin.`);
}
