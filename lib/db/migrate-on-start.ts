import { migrateDatabase } from "@/lib/db/migrations";
import { env } from "@/lib/env";

export async function migrateOnStart(): Promise<void> {
  const applied = await migrateDatabase(env().DATABASE_URL);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
}
