/**
 * What every CLI script that touches the database runs through (`npm run db:seed`, `db:deploy`,
 * `users:promote|demote`, `webhooks:retry`, `stripe:reconcile`):
 *
 * - With DATABASE_URL, that database.
 * - Without it, the embedded database `npm run dev` uses (PGLITE_DATA_DIR): the one `npm run dev`
 *   serves on 127.0.0.1:EMBEDDED_DB_PORT if it is running, else the script opens the folder itself
 *   (creating and migrating it if need be, as `npm run dev` does) and closes it when done.
 * - A failure prints one line, `<script>: <what went wrong>`, and exits 1 (no stack).
 */
import { db } from "@/lib/db";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrations";
import { scriptEnv, setEmbeddedDatabase } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import { isListening } from "./port";

/** Makes DATABASE_URL point somewhere; returns how to let go of what it started. */
async function openDatabase(name: string): Promise<() => Promise<void>> {
  const config = scriptEnv();
  if (config.DATABASE_URL) return () => Promise.resolve();
  const served = `postgresql://postgres:postgres@127.0.0.1:${String(config.EMBEDDED_DB_PORT)}/postgres`;
  if (await isListening(config.EMBEDDED_DB_PORT)) {
    // `npm run dev` (or `npm start`) holds the folder and serves it: use that server.
    setEmbeddedDatabase(served);
    console.error(
      `[${name}] the embedded database served on 127.0.0.1:${String(config.EMBEDDED_DB_PORT)}`,
    );
    return () => Promise.resolve();
  }
  let embedded: EmbeddedPostgres;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: config.PGLITE_DATA_DIR, port: 0 });
  } catch (error) {
    throw new Error(
      `could not open the embedded database in ${config.PGLITE_DATA_DIR} (${errorMessage(error)}). Start it with \`npm run dev\`, or set DATABASE_URL.`,
      { cause: error },
    );
  }
  setEmbeddedDatabase(embedded.url);
  console.error(`[${name}] the embedded database in ${config.PGLITE_DATA_DIR}`);
  try {
    await migrateDatabase(embedded.url, {
      log: (line) => {
        console.error(`[${name}] ${line}`);
      },
    });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return () => embedded.stop();
}

/**
 * Runs a script's `main` on the database (see above) and exits with its code (0 when it returns
 * nothing); any error becomes one line on stderr and exit code 1.
 */
export function runScript(name: string, main: () => Promise<unknown>): void {
  let close: () => Promise<void> = () => Promise.resolve();
  let opened = false;
  const run = async (): Promise<number> => {
    close = await openDatabase(name);
    opened = true;
    const code = await main();
    return typeof code === "number" ? code : 0;
  };
  void run()
    .catch((error: unknown) => {
      console.error(`${name}: ${errorMessage(error)}`);
      return 1;
    })
    .then(async (code) => {
      try {
        if (opened) await db().$disconnect();
      } catch {
        // never connected (its configuration was refused, and said so)
      }
      try {
        await close();
      } catch (error) {
        console.error(`${name}: ${errorMessage(error)}`);
        code = 1;
      }
      process.exit(code);
    });
}
