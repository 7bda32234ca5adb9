/**
 * `npm run db:seed`: creates the demo users (local use only; refuses NODE_ENV=production).
 * Idempotent: existing demo users keep their data and get their demo password back.
 */
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { DEMO_USERS } from "@/lib/demo-users";
import { env } from "@/lib/env";

async function main(): Promise<void> {
  if (env().NODE_ENV === "production") {
    console.error(
      "db:seed creates users with published passwords: it refuses to run with NODE_ENV=production.",
    );
    process.exit(1);
  }
  for (const user of DEMO_USERS) {
    const passwordHash = await hashPassword(user.password);
    await db().user.upsert({
      where: { email: user.email },
      create: { email: user.email, name: user.name, role: user.role, passwordHash },
      update: { role: user.role, passwordHash },
    });
  }
  console.log("Demo users (local use only):");
  for (const user of DEMO_USERS) {
    console.log(`  ${user.role.padEnd(6)}  ${user.email}  /  ${user.password}`);
  }
  await db().$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
