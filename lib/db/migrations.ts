/**
 * Applies prisma/migrations without Prisma's native schema engine (which must be downloaded, and
 * cannot be here). Bookkeeping is Prisma's own: the `_prisma_migrations` table with the same
 * columns, a SHA-256 checksum of each migration.sql, and Prisma's advisory lock key, so this runner
 * and `prisma migrate deploy` serialise against each other and either can take over.
 *
 * One difference, on purpose: each migration runs in a transaction, so a failing one leaves no
 * trace (no half-applied schema, no failed row to resolve by hand); fix it and run again.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** The advisory lock key Prisma's schema engine takes around migrate deploy/dev. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** The migrations in `dir`, in name (timestamp) order, as Prisma lists them. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  // The folder is read at run time, not bundled: keep the bundler from tracing the whole project.
  const entries = await readdir(/* turbopackIgnore: true */ dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(
        /* turbopackIgnore: true */ path.join(dir, name, "migration.sql"),
        "utf8",
      );
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrateOptions {
  log?: (line: string) => void;
  /**
   * MIGRATIONS_ALLOW_CHANGED: start although an applied migration's file was edited since (a
   * warning is logged). Without it, an edited migration is refused: the edit never reaches a
   * database that applied the file before it, so its schema would silently differ.
   */
  allowChanged?: boolean;
}

/** The refusal (or, with `allowChanged`, the warning) for applied migrations whose file changed. */
function describeChanged(names: string[], allowed: boolean): string {
  const list = names.join(", ");
  if (allowed) {
    return `warning: migration(s) ${list} changed after they were applied; starting anyway because MIGRATIONS_ALLOW_CHANGED is set. This database does not have those changes.`;
  }
  return `Migration(s) ${list} changed after they were applied to this database (the checksum in _prisma_migrations differs from prisma/migrations/<name>/migration.sql), so the database does not have the change. Put the file back as it was and make the change a new migration (npm run db:migrate -- NAME). If the edit changes nothing in the schema (a comment, formatting), set MIGRATIONS_ALLOW_CHANGED=true to start anyway.`;
}

/**
 * Applies the pending `migrations` over `client` under the advisory lock. Returns the names
 * applied (empty when the database is up to date). Safe to run from several processes at once.
 * Refuses (MigrationError) when an applied migration was edited, unless `allowChanged`.
 */
export async function applyMigrations(
  client: pg.ClientBase,
  migrations: Migration[],
  { log = () => undefined, allowChanged = false }: MigrateOptions = {},
): Promise<string[]> {
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const live = rows.filter((r) => r.rolled_back_at === null);
    const failed = live.find((r) => r.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and is not resolved; fix the database and mark it rolled back or applied (prisma migrate resolve).`,
      );
    }
    const applied = new Map(live.map((r) => [r.migration_name, r.checksum]));
    const changed = migrations
      .filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum)
      .map((m) => m.name);
    if (changed.length) {
      if (!allowChanged) throw new MigrationError(describeChanged(changed, false));
      log(describeChanged(changed, true));
    }
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      await applyOne(client, migration);
      log(`applied ${migration.name}`);
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(client: pg.ClientBase, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

/** Connects to `databaseUrl`, applies pending migrations from `dir`, and disconnects. */
export async function migrateDatabase(
  databaseUrl: string,
  options: MigrateOptions & { dir?: string } = {},
): Promise<string[]> {
  const migrations = await readMigrations(options.dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await applyMigrations(client, migrations, options);
  } finally {
    await client.end();
  }
}
