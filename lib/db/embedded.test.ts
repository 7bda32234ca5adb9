/**
 * The embedded database on real folders (PGlite, real files in a temporary folder): it never
 * opens one folder twice, never silently replaces a damaged one, and says when it makes a new one.
 */
import { spawnSync } from "node:child_process";
import { access, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";

const running: EmbeddedPostgres[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const db of running.splice(0)) await db.stop();
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pglite-"));
  folders.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const db = await startEmbeddedPostgres({ dataDir, port: 0 });
  running.push(db);
  return db;
}

async function stop(db: EmbeddedPostgres): Promise<void> {
  running.splice(running.indexOf(db), 1);
  await db.stop();
}

async function sql(url: string, text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<pg.QueryResultRow>(text);
    return rows;
  } finally {
    await client.end();
  }
}

/** A folder holding a database with one row in it, closed. */
async function folderWithData(): Promise<string> {
  const dir = await folder();
  const db = await start(dir);
  await sql(db.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('precious')`);
  await stop(db);
  return dir;
}

describe("the embedded database's folder", () => {
  it("is created with a loud notice when empty, and reopened with its data and no notice", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const dir = await folderWithData();
    expect(warn.mock.calls.flat().join("\n")).toContain(
      `Creating a NEW, EMPTY embedded database in ${dir}`,
    );
    warn.mockClear();

    const db = await start(dir);

    expect(await sql(db.url, "SELECT v FROM kept")).toEqual([{ v: "precious" }]);
    expect(warn).not.toHaveBeenCalled();
  }, 120_000);

  it("that lost PG_VERSION is refused, named, with the way out, and left as it was", async () => {
    const dir = await folderWithData();
    await rm(path.join(dir, "PG_VERSION"));
    const before = (await readdir(dir, { recursive: true })).sort();

    await expect(start(dir)).rejects.toThrow(
      `The embedded database folder ${dir} is not empty but holds no database (PG_VERSION is missing`,
    );
    await expect(start(dir)).rejects.toThrow(`mv ${dir} ${dir}.broken`);

    expect((await readdir(dir, { recursive: true })).sort()).toEqual(before);
    await expect(access(path.join(dir, "PG_VERSION"))).rejects.toThrow();
  }, 120_000);

  it("with a damaged pg_control is refused, naming the folder and the way out", async () => {
    const dir = await folderWithData();
    await writeFile(path.join(dir, "global", "pg_control"), Buffer.alloc(8192, 0x5a));

    await expect(start(dir)).rejects.toThrow(
      new RegExp(`The embedded database in ${dir} could not be opened: its files are damaged.*mv `),
    );
  }, 120_000);

  it("is refused to a second instance, naming the folder and the owning process", async () => {
    const dir = await folder();
    const first = await start(dir);

    await expect(start(dir)).rejects.toThrow(
      `The embedded database in ${dir} is already open in process ${String(process.pid)}`,
    );

    expect(await sql(first.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]); // untouched
    await stop(first);
    const second = await start(dir); // free again once the owner stopped
    expect(await sql(second.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  }, 120_000);

  it("locked by a process that is gone (a crash) is taken over", async () => {
    const dir = await folderWithData();
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    await writeFile(path.join(dir, "seller-connect.lock"), String(gone));
    vi.spyOn(console, "warn").mockImplementation(() => undefined);

    const db = await start(dir);

    expect(await sql(db.url, "SELECT v FROM kept")).toEqual([{ v: "precious" }]);
  }, 120_000);
});
