/**
 * `npm run db:seed`: creates the demo users (local use only; refuses NODE_ENV=production).
 * Idempotent: a demo user that exists already is left as it is (its password, role and profile are
 * its user's business).
 *
 * `npm run db:seed -- --sellers N` also creates sellers 1…N with their Stripe connections, audit
 * history and webhook events (prisma/seed-sellers.ts), for demos and the admin benchmark;
 * `--reset` first deletes every seeded seller (and nothing else).
 */
import { parseArgs } from "node:util";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { DEMO_USERS } from "@/lib/demo-users";
import { env } from "@/lib/env";
import { runScript } from "@/scripts/cli";
import { resetSeededSellers, seedSellers } from "./seed-sellers";

function options(): { sellers: number; reset: boolean } {
  const { values } = parseArgs({
    options: { sellers: { type: "string", default: "0" }, reset: { type: "boolean" } },
  });
  const sellers = Number(values.sellers);
  if (!Number.isInteger(sellers) || sellers < 0 || sellers > 10_000_000) {
    throw new Error("--sellers must be a whole number from 0 to 10,000,000");
  }
  return { sellers, reset: values.reset ?? false };
}

async function main(): Promise<void> {
  if (env().NODE_ENV === "production") {
    throw new Error(
      "it creates users with published passwords: it refuses to run with NODE_ENV=production.",
    );
  }
  const { sellers, reset } = options();
  const existing: string[] = [];
  for (const user of DEMO_USERS) {
    if (await db().user.findUnique({ where: { email: user.email }, select: { id: true } })) {
      existing.push(user.email);
      continue;
    }
    await db().user.create({
      data: {
        email: user.email,
        name: user.name,
        role: user.role,
        roleSource: user.role === "ADMIN" ? "SEED" : null,
        emailVerified: new Date(),
        passwordHash: await hashPassword(user.password),
      },
    });
  }
  console.log("Demo users (local use only):");
  for (const user of DEMO_USERS) {
    // One that exists is left as its user made it: its password may no longer be the demo one.
    const state = existing.includes(user.email) ? "  (already there: left as it is)" : "";
    console.log(`  ${user.role.padEnd(6)}  ${user.email}  /  ${user.password}${state}`);
  }
  if (reset) {
    await resetSeededSellers();
    console.log("Deleted the seeded sellers.");
  }
  if (sellers > 0) {
    console.log(`Seeding sellers 1–${sellers} (those not there yet):`);
    await seedSellers(sellers, (line) => {
      console.log(line);
    });
  }
}

runScript("db:seed", main);
