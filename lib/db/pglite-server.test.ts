/**
 * The embedded database served to several connections at once (real PGlite, real sockets, the
 * pg driver the app uses): each query cycle and each transaction runs whole, whatever the others
 * send meanwhile.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPGliteServer } from "@/lib/db/pglite-server";

let pglite: PGlite;
let server: ReturnType<typeof createPGliteServer>;
let url: string;

beforeAll(async () => {
  pglite = await PGlite.create();
  server = createPGliteServer(pglite, { host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  url = `postgresql://postgres@${server.getServerConn()}/postgres`;
  await pglite.exec("CREATE TABLE item (id int PRIMARY KEY, label text)");
});

afterAll(async () => {
  await server.stop();
  await pglite.close();
});

/** A parameter of 1 MB arrives in many network reads; a few such statements meet the others. */
const BIG = 1_000_000;
const BIG_STATEMENTS = 6;

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe("the embedded database's server", () => {
  it("answers each connection's parameterized queries with its own statement", async () => {
    const [big, ...small] = await Promise.all([connect(), connect(), connect(), connect()]);
    try {
      // One connection's Bind is too big for one network read; the others send short statements
      // meanwhile. Shared message by message, their Parse lands between its Parse and its Bind,
      // which then fails (08P01 "bind message supplies 1 parameters, but prepared statement ""
      // requires 2") or runs their statement.
      let sending = true;
      const lengths: number[] = [];
      const sums: number[] = [];
      await Promise.all([
        (async () => {
          for (let i = 0; i < BIG_STATEMENTS; i++) {
            const text = "x".repeat(BIG + i);
            const { rows } = await big.query<{ length: number }>(
              "SELECT length($1::text) AS length",
              [text],
            );
            lengths.push(rows[0]?.length ?? 0);
          }
          sending = false;
        })(),
        ...small.map(async (client) => {
          for (let i = 0; sending; i++) {
            const { rows } = await client.query<{ sum: number }>(
              "SELECT $1::int + $2::int AS sum",
              [i, 1],
            );
            sums.push((rows[0]?.sum ?? 0) - i);
          }
        }),
      ]);
      expect(lengths).toEqual(Array.from({ length: BIG_STATEMENTS }, (_, i) => BIG + i));
      expect(sums.length).toBeGreaterThan(0);
      expect(new Set(sums)).toEqual(new Set([1]));
    } finally {
      await Promise.all([big, ...small].map((client) => client.end()));
    }
  }, 120_000);

  it("keeps another connection out of an open transaction, and sees only what it committed", async () => {
    const [writer, reader] = await Promise.all([connect(), connect()]);
    try {
      await writer.query("BEGIN");
      await writer.query("INSERT INTO item VALUES ($1, $2)", [1, "inside"]);
      const seen = reader.query<{ count: number }>("SELECT count(*)::int AS count FROM item");
      await writer.query("INSERT INTO item VALUES ($1, $2)", [2, "inside"]);
      await writer.query("COMMIT");
      expect((await seen).rows).toEqual([{ count: 2 }]);
    } finally {
      await Promise.all([writer.end(), reader.end()]);
      await pglite.exec("DELETE FROM item");
    }
  });

  it("rolls back the transaction of a connection that goes away, and serves the others", async () => {
    const [leaving, staying] = await Promise.all([connect(), connect()]);
    try {
      await leaving.query("BEGIN");
      await leaving.query("INSERT INTO item VALUES ($1, $2)", [3, "never committed"]);
      const waiting = staying.query<{ count: number }>("SELECT count(*)::int AS count FROM item");
      leaving.on("error", () => undefined);
      (
        leaving as unknown as { connection: { stream: { destroy(): void } } }
      ).connection.stream.destroy();
      expect((await waiting).rows).toEqual([{ count: 0 }]);
      const after = await staying.query("SELECT $1::text AS ok", ["yes"]);
      expect(after.rows).toEqual([{ ok: "yes" }]);
    } finally {
      await staying.end();
    }
  });

  it("answers a failed statement with its error and goes on serving every connection", async () => {
    const [failing, other] = await Promise.all([connect(), connect()]);
    try {
      const [failed, served] = await Promise.all([
        failing.query("SELECT $1::int / 0 AS never", [1]).catch((error: unknown) => error),
        other.query("SELECT $1::int AS one", [1]),
      ]);
      expect(String(failed)).toContain("division by zero");
      expect(served.rows).toEqual([{ one: 1 }]);
      const again = await failing.query("SELECT $1::text AS again", ["served"]);
      expect(again.rows).toEqual([{ again: "served" }]);
    } finally {
      await Promise.all([failing.end(), other.end()]);
    }
  });
});
