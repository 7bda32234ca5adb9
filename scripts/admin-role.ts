/**
 * `npm run users:promote -- EMAIL` / `npm run users:demote -- EMAIL`: an operator gives or takes
 * the platform admin role (audited, with no acting user). Demoting the last admin is refused.
 */
import { grantAdmin, revokeAdmin } from "@/lib/auth/admins";
import { getUserByEmail } from "@/lib/data/users";
import { AppError } from "@/lib/errors";
import { runScript } from "./cli";

async function main(): Promise<number> {
  const [command, email] = process.argv.slice(2);
  if ((command !== "promote" && command !== "demote") || !email) {
    console.error("Usage: npm run users:promote -- EMAIL   |   npm run users:demote -- EMAIL");
    return 1;
  }
  const user = await getUserByEmail(email);
  if (!user) {
    console.error(`No user with the email ${email}: they sign up first.`);
    return 1;
  }
  if (command === "promote") {
    const changed = await grantAdmin({ userId: user.id, source: "CLI", actorId: null });
    console.log(
      changed
        ? `${user.email} is now a platform admin.`
        : `${user.email} was already a platform admin.`,
    );
    return 0;
  }
  try {
    const changed = await revokeAdmin({
      userId: user.id,
      actorId: null,
      detail: "removed by an operator (npm run users:demote)",
    });
    console.log(
      changed
        ? `${user.email} is no longer a platform admin.`
        : `${user.email} was not a platform admin.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

runScript("users", main);
