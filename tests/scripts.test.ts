/**
 * The CLI scripts as an operator runs them (`npm run …`), without DATABASE_URL: on the embedded
 * database in a folder of their own (PGLITE_DATA_DIR), opened by the script itself or served by a
 * running `npm run dev` (here: this process) on EMBEDDED_DB_PORT.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrations";
import { DEMO_USERS } from "@/lib/demo-users";
import { childEnv } from "@/lib/env";

// Each run starts Node, tsx and often PGlite: tens of seconds on a busy machine.
const SLOW = { timeout: 600_000 };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run <script> -- <args>` with `env` on top of ours, DATABASE_URL unset. */
function npmRun(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", script, "--", ...args], {
      env: childEnv({ DATABASE_URL: "", DATABASE_POOL_MAX: "", NODE_ENV: "development", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** What a run printed that is not the `[script] …` lines about which database it used. */
function said(run: Run): string {
  return `${run.stdout}${run.stderr}`
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("["))
    .join("\n");
}

const folders: string[] = [];
async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "seller-connect-scripts-"));
  folders.push(folder);
  return path.join(folder, "pglite");
}
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("CLI scripts without DATABASE_URL", () => {
  it(
    "each opens the embedded database folder itself, migrates it and does its work",
    SLOW,
    async () => {
      const env = { PGLITE_DATA_DIR: await dataFolder(), EMBEDDED_DB_PORT: "0" };

      const unknown = await npmRun("users:promote", ["nobody@example.com"], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`the embedded database in ${env.PGLITE_DATA_DIR}`);
      expect(said(unknown)).toBe("No user with the email nobody@example.com: they sign up first.");

      const seed = await npmRun("db:seed", [], env);
      expect(seed.code, seed.stderr).toBe(0);
      expect(seed.stdout).toContain("seller@example.com");

      // The same folder, opened again by the next script: the seeded user is there.
      const promote = await npmRun("users:promote", ["seller@example.com"], env);
      expect(said(promote)).toBe("seller@example.com is now a platform admin.");
      expect(promote.code).toBe(0);

      const demote = await npmRun("users:demote", ["seller@example.com"], env);
      expect(said(demote)).toBe("seller@example.com is no longer a platform admin.");

      const retry = await npmRun("webhooks:retry", [], env);
      expect(said(retry)).toBe("No webhook events are waiting to be applied.");
      expect(retry.code).toBe(0);

      const reconcile = await npmRun("stripe:reconcile", [], env);
      // A recorded reconcile run (lib/stripe/reconcile-run.ts), over no connections.
      expect(said(reconcile)).toMatch(
        /^Run \w+ finished: 0 connection\(s\) checked: 0 updated, 0 revoked, 0 unchanged, 0 not checked\.$/,
      );
      expect(reconcile.code).toBe(0);

      const deploy = await npmRun("db:deploy", [], env);
      expect(said(deploy)).toBe("Database is up to date.");
    },
  );

  it("a failure is one line naming what is wrong, without a stack", SLOW, async () => {
    const badUrl = await npmRun("users:promote", ["someone@example.com"], {
      DATABASE_URL: "mysql://localhost/app",
    });
    expect(badUrl.code).toBe(1);
    expect(said(badUrl)).toBe("users: DATABASE_URL must be a postgresql:// URL");

    const usage = await npmRun("users:promote", [], {
      PGLITE_DATA_DIR: await dataFolder(),
      EMBEDDED_DB_PORT: "0",
    });
    expect(usage.code).toBe(1);
    expect(said(usage)).toBe(
      "Usage: npm run users:promote -- EMAIL   |   npm run users:demote -- EMAIL",
    );

    const production = await npmRun("db:seed", [], {
      PGLITE_DATA_DIR: await dataFolder(),
      EMBEDDED_DB_PORT: "0",
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "a-production-secret-of-at-least-32-characters",
      SMTP_URL: "smtp://127.0.0.1:2525",
    });
    expect(production.code).toBe(1);
    expect(said(production)).toBe(
      "db:seed: it creates users with published passwords: it refuses to run with NODE_ENV=production.",
    );
  });
});

describe("seeding again (`npm run dev` starts, `db:seed -- --sellers N`)", () => {
  it(
    "leaves what users changed as it is: demo users' password, role and name, seeded sellers",
    SLOW,
    async () => {
      // A running `npm run dev` serves the folder on EMBEDDED_DB_PORT; the scripts connect to it.
      const server = await startEmbeddedPostgres({ dataDir: await dataFolder(), port: 0 });
      await migrateDatabase(server.url);
      const port = new URL(server.url).port;
      const env = { PGLITE_DATA_DIR: "/nonexistent/not-opened", EMBEDDED_DB_PORT: port };
      const client = new pg.Client({ connectionString: server.url });
      try {
        const first = await npmRun("db:seed", ["--sellers", "3"], env);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stderr).toContain(`the embedded database served on 127.0.0.1:${port}`);

        // The demo admin changes their password and name; the demo seller is promoted.
        const [seller, admin] = DEMO_USERS;
        await client.connect();
        await client.query(`UPDATE "User" SET "passwordHash" = $1, "name" = $2 WHERE email = $3`, [
          await hashPassword("a-private-admin-password"),
          "Ada Lovelace",
          admin.email,
        ]);
        await client.query(
          `UPDATE "User" SET "role" = 'ADMIN', "roleSource" = 'CLI', "name" = $1 WHERE email = $2`,
          ["Sam Promoted", seller.email],
        );
        // A seeded seller renames themselves and disconnects.
        const seeded = await client.query<{ id: string }>(
          `SELECT "id" FROM "User" WHERE "id" LIKE 'seed%' ORDER BY "id" LIMIT 1`,
        );
        const sellerId = seeded.rows[0]?.id;
        await client.query(`UPDATE "User" SET "name" = 'Renamed Seller' WHERE "id" = $1`, [
          sellerId,
        ]);
        await client.query(
          `UPDATE "StripeConnection" SET "status" = 'DISCONNECTED', "disconnectedAt" = now() WHERE "userId" = $1`,
          [sellerId],
        );
        const before = await client.query(
          `SELECT "id", "status", "connectedAt" FROM "StripeConnection" WHERE "userId" = $1 ORDER BY "id"`,
          [sellerId],
        );
        await client.end();

        const second = await npmRun("db:seed", ["--sellers", "5"], env);
        expect(second.code, second.stderr).toBe(0);
        const third = await npmRun("db:seed", [], env);
        expect(third.code, third.stderr).toBe(0);

        const after = new pg.Client({ connectionString: server.url });
        await after.connect();
        try {
          const users = await after.query<{
            email: string;
            name: string;
            role: string;
            passwordHash: string;
          }>(`SELECT email, name, role, "passwordHash" FROM "User" WHERE email = ANY($1)`, [
            [seller.email, admin.email],
          ]);
          const byEmail = new Map(users.rows.map((u) => [u.email, u]));
          const adminRow = byEmail.get(admin.email);
          expect(adminRow?.name).toBe("Ada Lovelace");
          expect(
            await verifyPassword(adminRow?.passwordHash ?? "", "a-private-admin-password"),
          ).toBe(true);
          expect(await verifyPassword(adminRow?.passwordHash ?? "", admin.password)).toBe(false);
          expect(byEmail.get(seller.email)).toMatchObject({ role: "ADMIN", name: "Sam Promoted" });

          const renamed = await after.query(`SELECT "name" FROM "User" WHERE "id" = $1`, [
            sellerId,
          ]);
          expect(renamed.rows).toEqual([{ name: "Renamed Seller" }]);
          const connections = await after.query(
            `SELECT "id", "status", "connectedAt" FROM "StripeConnection" WHERE "userId" = $1 ORDER BY "id"`,
            [sellerId],
          );
          expect(connections.rows).toEqual(before.rows);
          const count = await after.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "User" WHERE "id" LIKE 'seed%'`,
          );
          expect(count.rows[0]?.n).toBe(5);
        } finally {
          await after.end();
        }
      } finally {
        await server.stop();
      }
    },
  );
});

describe("npm run db:migrate -- NAME", () => {
  it(
    "says what it is doing before the slow engine start, then that there is nothing to do",
    SLOW,
    async () => {
      const run = await npmRun("db:migrate", ["nothing_changed"], {});
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines[0]).toMatch(
        /^Comparing prisma\/schema\.prisma with the schema of \d{14}_\w+\.$/,
      );
      expect(lines[1]).toMatch(/^Starting Prisma's schema engine/);
      expect(lines.at(-1)).toBe(
        "prisma/schema.prisma has no changes since the last migration: nothing to do.",
      );
    },
  );
});
