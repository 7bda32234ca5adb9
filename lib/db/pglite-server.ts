/**
 * PGlite served over the Postgres wire protocol to several connections at once.
 *
 * PGlite is one session. pglite-socket (0.2.17) frames each connection's messages and hands them
 * to a queue that shares the session between connections message by message, keeping a connection
 * only while a transaction is open. The extended protocol is not a transaction: between one
 * connection's Parse and its Bind, another connection's Parse replaces the unnamed statement, and
 * the Bind fails ("bind message supplies 12000 parameters, but prepared statement "" requires 2",
 * 08P01) or runs the other statement. That queue also stops for good when a message throws
 * (electric-sql/pglite#1046, open). The scheduler below replaces it: a connection holds the session
 * from its first message until PGlite answers ReadyForQuery outside a transaction, so each query
 * cycle and each transaction runs whole, and a failed message fails only itself.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const READY_FOR_QUERY = "Z".charCodeAt(0);
/** ReadyForQuery's status when no transaction is open ('T' in one, 'E' in a failed one). */
const IDLE = "I".charCodeAt(0);
/** Sync, which ends an unfinished extended-protocol cycle. */
const SYNC = Uint8Array.of("S".charCodeAt(0), 0, 0, 0, 4);

/**
 * Follows the messages of one answer as it streams in, to tell whether it ended with
 * ReadyForQuery and with which status.
 */
class AnswerReader {
  private readonly header = Buffer.alloc(5);
  private headerBytes = 0;
  private bodyLeft = 0;
  private type = 0;
  /** The status byte of ReadyForQuery when it is the last message read so far. */
  readyStatus: number | undefined;

  read(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft > 0) {
        // ReadyForQuery's body is its one status byte.
        if (this.type === READY_FOR_QUERY) this.readyStatus = chunk[at];
        const bytes = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= bytes;
        at += bytes;
        continue;
      }
      this.header[this.headerBytes++] = chunk[at++] ?? 0;
      if (this.headerBytes < this.header.length) continue;
      this.headerBytes = 0;
      this.type = this.header[0] ?? 0;
      this.bodyLeft = this.header.readInt32BE(1) - 4;
      this.readyStatus = undefined;
    }
  }
}

type Work =
  | {
      connection: number;
      message: Uint8Array;
      onData: (data: Uint8Array) => void;
      resolve: (bytes: number) => void;
      reject: (error: unknown) => void;
    }
  | { connection: number; release: () => void };

/** What pglite-socket's connection handler calls on its queue (its class is not exported). */
class SessionScheduler {
  private waiting: Work[] = [];
  /** The connection that holds the session, until PGlite is ready for a query with none open. */
  private holder: number | undefined;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ connection, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  /** A connection went away: what it had queued is dropped. */
  clearQueueForHandler(connection: number): void {
    this.waiting = this.waiting.filter((work) => {
      if (work.connection !== connection || !("message" in work)) return true;
      work.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /**
   * A connection went away: if it holds the session, its unfinished cycle is ended and its open
   * transaction rolled back, after any message of its that is running now.
   */
  clearTransactionIfNeeded(connection: number): Promise<void> {
    // A connection whose message is running holds the session.
    if (this.holder !== connection) return Promise.resolve();
    return new Promise((release) => {
      this.waiting.unshift({ connection, release });
      void this.run();
    });
  }

  private next(): Work | undefined {
    const at =
      this.holder === undefined
        ? 0
        : this.waiting.findIndex((work) => work.connection === this.holder);
    return at < 0 ? undefined : this.waiting.splice(at, 1)[0];
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let work = this.next(); work; work = this.next()) {
        if ("message" in work) await this.execute(work);
        else await this.leave(work.connection).finally(work.release);
      }
    } finally {
      this.running = false;
    }
  }

  private async execute(work: Extract<Work, { message: Uint8Array }>): Promise<void> {
    const answer = new AnswerReader();
    let bytes = 0;
    // Until this answer says otherwise, the session is this connection's.
    this.holder = work.connection;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(work.message, {
          onRawData: (data) => {
            bytes += data.length;
            answer.read(data);
            work.onData(data);
          },
        }),
      );
    } catch (error) {
      // The handler closes the connection on this error, which ends its hold on the session.
      work.reject(error);
      return;
    }
    if (answer.readyStatus === IDLE) this.holder = undefined;
    work.resolve(bytes);
  }

  private async leave(connection: number): Promise<void> {
    if (this.holder !== connection) return;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(SYNC, { onRawData: () => undefined }),
      );
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    } catch (error) {
      console.warn(`[embedded] ending a closed connection's session failed: ${String(error)}`);
    } finally {
      this.holder = undefined;
    }
  }
}

/** A pglite-socket server on `db` whose connections take the session one cycle at a time. */
export function createPGliteServer(
  db: PGlite,
  options: { host: string; port: number; maxConnections?: number },
): PGLiteSocketServer {
  const server = new PGLiteSocketServer({ db, ...options });
  // Each connection's handler is given the server's queue when it connects.
  if (!("queryQueue" in server)) {
    throw new Error("pglite-socket no longer has a queryQueue: review lib/db/pglite-server.ts");
  }
  Object.assign(server, { queryQueue: new SessionScheduler(db) });
  return server;
}
