/**
 * The zero-setup database: PGlite (PostgreSQL compiled to WebAssembly) persisted in a folder and
 * served over the Postgres wire protocol, so the app talks to it through adapter-pg exactly as it
 * talks to a real server. PGlite runs one session at a time: clients should use a pool of one.
 */
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

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
  const dataDir = options.dataDir?.startsWith("memory://") ? undefined : options.dataDir;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // pg_trgm: the admin console's substring search (a trigram index; see prisma/migrations).
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port,
    maxConnections: 64,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
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
    },
  };
}
