import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { db } from "@/lib/db";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateOnStart } from "@/lib/db/migrate-on-start";
import { checksumOf, MigrationError, migrateDatabase, readMigrations } from "@/lib/db/migrations";
import { queryDatabase } from "./helpers";

/** A new empty database of the kind under test: a fresh PGlite, or a new database on the server. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (inject("databaseKind") === "pglite") {
    const embedded = await startEmbeddedPostgres({ port: 0 });
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `migrations_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await queryDatabase(inject("databaseUrl"), `CREATE DATABASE ${name}`);
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await queryDatabase(inject("databaseUrl"), `DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("migrations", () => {
  it("apply to an empty database and are recorded in _prisma_migrations as Prisma records them", async () => {
    const database = await emptyDatabase();
    cleanups.push(() => database.drop());
    const migrations = await readMigrations();

    const applied = await migrateDatabase(database.url);

    expect(applied).toEqual(migrations.map((m) => m.name));
    const rows = await queryDatabase<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
      id: string;
    }>(
      database.url,
      `SELECT id, migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrations[i]?.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const tables = await queryDatabase<{ table_name: string }>(
      database.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const names = tables.map((t) => t.table_name);
    expect(names).toEqual(
      expect.arrayContaining(["User", "Session", "EmailToken", "OAuthState", "StripeConnection"]),
    );
    // next-auth's adapter tables went with the adapter.
    expect(names).not.toContain("Account");
    expect(names).not.toContain("VerificationToken");
  });

  it("applied twice change nothing the second time", async () => {
    const database = await emptyDatabase();
    cleanups.push(() => database.drop());
    const total = (await readMigrations()).length;

    expect(await migrateDatabase(database.url)).toHaveLength(total);
    expect(await migrateDatabase(database.url)).toEqual([]);

    const [count] = await queryDatabase<{ n: string }>(
      database.url,
      `SELECT count(*) AS n FROM "_prisma_migrations"`,
    );
    expect(Number(count?.n)).toBe(total);
  });

  // Two app servers starting together. Only a PostgreSQL server has sessions to lock between:
  // PGlite is one session shared by its connections, and only ever serves one app (the launcher's).
  it.runIf(inject("databaseKind") === "postgresql")(
    "run by two instances at once, apply each migration exactly once (advisory lock)",
    async () => {
      const database = await emptyDatabase();
      cleanups.push(() => database.drop());
      const total = (await readMigrations()).length;

      const runs = await Promise.all([1, 2, 3].map(() => migrateDatabase(database.url)));

      expect(runs.flat()).toHaveLength(total);
      const [count] = await queryDatabase<{ n: string }>(
        database.url,
        `SELECT count(*) AS n FROM "_prisma_migrations"`,
      );
      expect(Number(count?.n)).toBe(total);
    },
  );

  it("roll a failing migration back completely and record nothing for it", async () => {
    const database = await emptyDatabase();
    cleanups.push(() => database.drop());
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await mkdir(path.join(dir, "20200101000000_ok"));
    await writeFile(
      path.join(dir, "20200101000000_ok", "migration.sql"),
      `CREATE TABLE "Ok" (id int);`,
    );
    await mkdir(path.join(dir, "20200102000000_broken"));
    await writeFile(
      path.join(dir, "20200102000000_broken", "migration.sql"),
      `CREATE TABLE "Half" (id int);\nSELECT * FROM "DoesNotExist";`,
    );

    await expect(migrateDatabase(database.url, { dir })).rejects.toThrow(
      /20200102000000_broken failed and was rolled back/,
    );

    const names = await queryDatabase<{ migration_name: string }>(
      database.url,
      `SELECT migration_name FROM "_prisma_migrations"`,
    );
    expect(names.map((n) => n.migration_name)).toEqual(["20200101000000_ok"]);
    const half = await queryDatabase<{ t: string | null }>(
      database.url,
      `SELECT to_regclass('public."Half"')::text AS t`,
    );
    expect(half[0]?.t).toBeNull();
  });

  it("refuse an applied migration that was edited, naming it and the way out, unless MIGRATIONS_ALLOW_CHANGED", async () => {
    const database = await emptyDatabase();
    cleanups.push(() => database.drop());
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await mkdir(path.join(dir, "20200101000000_first"));
    const file = path.join(dir, "20200101000000_first", "migration.sql");
    await writeFile(file, `CREATE TABLE "First" (id int);`);
    await migrateDatabase(database.url, { dir });
    await writeFile(file, `CREATE TABLE "First" (id int, name text);`);
    await mkdir(path.join(dir, "20200102000000_second"));
    await writeFile(
      path.join(dir, "20200102000000_second", "migration.sql"),
      `CREATE TABLE "Second" (id int);`,
    );

    const refusal = migrateDatabase(database.url, { dir });
    await expect(refusal).rejects.toThrow(MigrationError);
    await expect(refusal).rejects.toThrow(
      /20200101000000_first changed after they were applied.*new migration.*MIGRATIONS_ALLOW_CHANGED=true/,
    );
    const before = await queryDatabase<{ t: string | null }>(
      database.url,
      `SELECT to_regclass('public."Second"')::text AS t`,
    );
    expect(before[0]?.t).toBeNull(); // refused before applying anything

    const lines: string[] = [];
    const applied = await migrateDatabase(database.url, {
      dir,
      allowChanged: true,
      log: (line) => lines.push(line),
    });
    expect(applied).toEqual(["20200102000000_second"]);
    expect(lines.join("\n")).toMatch(/warning: .*20200101000000_first changed/);
  });

  it("the server's start-up migration refuses an edited migration too, and says so in its log", async () => {
    const database = await emptyDatabase();
    cleanups.push(() => database.drop());
    await migrateDatabase(database.url);
    const [first] = await readMigrations();
    // As if prisma/migrations/<first>/migration.sql had been edited after it was applied.
    await queryDatabase(
      database.url,
      `UPDATE "_prisma_migrations" SET checksum = '${"0".repeat(64)}' WHERE migration_name = '${first?.name ?? ""}'`,
    );
    vi.stubEnv("DATABASE_URL", database.url);
    cleanups.push(async () => {
      await db().$disconnect();
      vi.stubEnv("DATABASE_URL", inject("databaseUrl"));
      vi.stubEnv("MIGRATIONS_ALLOW_CHANGED", "");
    });
    // The app's log (lib/log.ts) writes JSON lines to standard output.
    const logged = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const lines = () => logged.mock.calls.map(([chunk]) => String(chunk)).join("");
    cleanups.push(() => {
      vi.restoreAllMocks();
      return Promise.resolve();
    });

    await expect(migrateOnStart()).rejects.toThrow(MigrationError);
    expect(lines()).toMatch(
      new RegExp(`"msg":"not starting: .*${first?.name ?? "?"} changed after`),
    );

    vi.stubEnv("MIGRATIONS_ALLOW_CHANGED", "true");
    await expect(migrateOnStart()).resolves.toBeUndefined();
    expect(lines()).toMatch(
      new RegExp(
        `"msg":"migrations: warning: .*${first?.name ?? "?"} changed after .*MIGRATIONS_ALLOW_CHANGED`,
      ),
    );
  });

  it("checksums are the SHA-256 of migration.sql, as Prisma computes them", () => {
    expect(checksumOf("SELECT 1;\n")).toBe(
      "b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd",
    );
  });
});
