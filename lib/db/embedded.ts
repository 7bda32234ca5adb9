/**
 * The zero-setup database: PGlite (PostgreSQL compiled to WebAssembly) persisted in a folder and
 * served over the Postgres wire protocol, so the app talks to it through adapter-pg exactly as it
 * talks to a real server. PGlite runs one session at a time: clients should use a pool of one.
 */
import { link, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPGliteServer } from "@/lib/db/pglite-server";

/** The embedded database cannot start on its folder; the message says which and what to do. */
export class EmbeddedDatabaseError extends Error {
  override name = "EmbeddedDatabaseError";
}

// pg_trgm: the admin console's substring search (a trigram index; see prisma/migrations).
const EXTENSIONS = { pg_trgm };

/** In the data folder: the pid of the one process that has it open. */
const LOCK_FILE = "seller-connect.lock";

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM"; // it exists, but is not ours to signal
  }
}

/**
 * Makes this process the only one with `dir` open: two PGlite instances on one folder overwrite
 * each other's files. A lock whose process is gone (a crash, kill -9) is taken over. Returns the
 * release. The pid is written to a file of its own first and then linked into place, so a lock
 * file is never seen half-written.
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lock = path.join(dir, LOCK_FILE);
  const mine = `${lock}.${String(process.pid)}`;
  await writeFile(mine, String(process.pid));
  try {
    for (;;) {
      try {
        await link(mine, lock);
        return async () => {
          if ((await readFile(lock, "utf8").catch(() => "")) === String(process.pid)) {
            await rm(lock, { force: true });
          }
        };
      } catch (error) {
        if (errorCode(error) !== "EEXIST") throw error;
      }
      const owner = Number(await readFile(lock, "utf8").catch(() => ""));
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new EmbeddedDatabaseError(
          `The embedded database in ${dir} is already open in process ${String(owner)} (another \`npm run dev\` or \`npm start\`?). One process only may open a database folder. Stop that process, or give this one another folder with PGLITE_DATA_DIR. (If process ${String(owner)} is not a launcher, its number was reused after a crash: delete ${lock}.)`,
        );
      }
      console.warn(
        `[embedded] ${dir} was locked by process ${String(owner)}, which is gone: taking over.`,
      );
      await rm(lock, { force: true });
    }
  } finally {
    await rm(mine, { force: true });
  }
}

const wayOut = (dir: string) =>
  `Restore the whole folder from a backup, or move it away (mv ${dir} ${dir}.broken) to start with a new, empty database.`;

/**
 * Opens the PGlite database in `dir`: a new one only in an empty folder (and then says so), never
 * over files that are not a database, and with the folder and the way out named when its files
 * are damaged (PGlite itself only says "Aborted()").
 */
async function openDataDir(dir: string): Promise<PGlite> {
  const entries = (await readdir(dir)).filter((name) => !name.startsWith(LOCK_FILE));
  if (entries.length && !entries.includes("PG_VERSION")) {
    throw new EmbeddedDatabaseError(
      `The embedded database folder ${dir} is not empty but holds no database (PG_VERSION is missing: a partial copy or restore?). Nothing in it was changed. ${wayOut(dir)}`,
    );
  }
  if (!entries.length) {
    console.warn(
      `[embedded] *** Creating a NEW, EMPTY embedded database in ${dir} (nothing was there). ***`,
    );
  }
  try {
    return await PGlite.create(dir, { extensions: EXTENSIONS });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new EmbeddedDatabaseError(
      `The embedded database in ${dir} could not be opened: its files are damaged (${reason ?? "no reason given"}). ${wayOut(dir)}`,
      { cause: error },
    );
  }
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on 127.0.0.1:`port` (0: any free port). `dataDir` is a folder, or undefined or
 * memory:// to keep the database in memory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  port: number;
}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir?.startsWith("memory://")
    ? undefined
    : options.dataDir && path.resolve(options.dataDir);
  let unlock: () => Promise<void> = () => Promise.resolve();
  let db: PGlite;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
    try {
      db = await openDataDir(dataDir);
    } catch (error) {
      await unlock();
      throw error;
    }
  } else {
    db = await PGlite.create({ extensions: EXTENSIONS });
  }
  const server = createPGliteServer(db, {
    host: "127.0.0.1",
    port: options.port,
    maxConnections: 64,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await unlock();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not start the embedded database on 127.0.0.1:${options.port} (${reason}). Is another instance running? Set EMBEDDED_DB_PORT to use another port.`,
      { cause: error },
    );
  }
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
