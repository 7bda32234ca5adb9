/** `npm run users:promote -- EMAIL`: gives an existing user the platform admin role. */
import { promoteToAdmin } from "@/lib/data/users";
import { db } from "@/lib/db";

async function main(): Promise<void> {
  const email = process.argv[2];
  if (!email) {
    console.error("Usage: npm run users:promote -- EMAIL");
    process.exit(1);
  }
  try {
    const user = await promoteToAdmin(email);
    console.log(`${user.email} is now a platform admin.`);
  } catch {
    console.error(`No user with the email ${email}.`);
    process.exitCode = 1;
  } finally {
    await db().$disconnect();
  }
}

void main();
