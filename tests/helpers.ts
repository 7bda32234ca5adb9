import { randomUUID } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { inject } from "vitest";
import { createConnection } from "@/lib/data/connections";
import { createUser, getUserById, markEmailVerified, type PublicUser } from "@/lib/data/users";
import { db } from "@/lib/db";
import type { CaughtMail } from "@/scripts/mail-catcher";
import { stripeId } from "./stripe-events";

/** A unique email address, so tests sharing the database never collide. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/**
 * A TCP proxy in front of the test database, to take it away and bring it back as an outage
 * would: `cut()` drops every connection and refuses new ones; `restore()` accepts them again.
 * `freeze()` is a hung server or a network black hole: connections stay open and new ones are
 * accepted, but nothing is forwarded either way until `thaw()`, which delivers what waited.
 */
export async function startDatabaseProxy(databaseUrl: string): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  // While frozen, whatever either side sends waits here, in order, until thaw() delivers it.
  let held: (() => void)[] | undefined;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      const send = () => to.write(chunk);
      if (held) held.push(send);
      else send();
    });
    from.on("close", () => {
      const end = () => to.destroy();
      if (held) held.push(end);
      else end();
    });
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    track(client);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => {
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    cut: stop,
    restore: () => listen(port),
    freeze: () => {
      held ??= [];
    },
    thaw: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const send of waiting) send();
    },
    close: stop,
  };
}

/** A seller whose email address is verified (as after opening the mailed link). */
export async function verifiedSeller(name = "Seller"): Promise<PublicUser> {
  const user = await createUser({
    name,
    email: uniqueEmail("seller"),
    password: "a-good-password",
  });
  await markEmailVerified(user.id);
  const verified = await getUserById(user.id);
  if (!verified) throw new Error("the seller vanished");
  return verified;
}

/** The messages the tests' mail catcher received for `to`, oldest first. */
export async function mailTo(to: string): Promise<CaughtMail[]> {
  const url = new URL(inject("mailInboxUrl"));
  url.searchParams.set("to", to);
  return (await (await fetch(url)).json()) as CaughtMail[];
}

/** The token of the link to `path` in `mail`. */
export function tokenIn(mail: CaughtMail | undefined, path: string): string {
  const link = mail?.links.find((l) => new URL(l).pathname === path);
  const token = link ? new URL(link).searchParams.get("token") : null;
  if (!token) throw new Error(`no ${path} link in ${JSON.stringify(mail)}`);
  return token;
}

/**
 * An HTTP server in front of a route handler, so that the Stripe emulator can deliver its signed
 * webhooks to the app's own endpoint over HTTP, as Stripe does.
 */
export async function startRouteServer(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
    });
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const request = new Request(`http://localhost${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      handler(request)
        .then(async (response) => {
          res.writeHead(response.status, { "Content-Type": "application/json" });
          res.end(await response.text());
        })
        .catch((error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/stripe/webhooks`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A seller with a CONNECTED connection to `stripeAccountId` (a fresh id by default). */
export async function connectedSeller(
  stripeAccountId = stripeId("acct_"),
  businessName = "Old Name",
) {
  const user = await createUser({
    name: "Seller",
    email: uniqueEmail("seller"),
    password: "a-good-password",
  });
  const connection = await createConnection({
    seller: user,
    stripeAccountId,
    scope: "read_write",
    livemode: false,
    snapshot: {
      businessName,
      email: null,
      country: "US",
      defaultCurrency: "usd",
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
      requirementsDue: 0,
    },
  });
  return { user, connection, account: stripeAccountId };
}

/**
 * Runs `work` while the database refuses to write rows of `table` that match `condition` (SQL on
 * NEW): a real database failure of that one kind of write, with everything else working.
 */
export async function whileRefusing<T>(
  table: "ActivityItem" | "WebhookEvent",
  condition: string,
  work: () => Promise<T>,
): Promise<T> {
  await db().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused: % on %', TG_OP, TG_TABLE_NAME; END $$`);
  await db().$executeRawUnsafe(`CREATE TRIGGER refuse_for_test BEFORE INSERT OR UPDATE ON "${table}"
    FOR EACH ROW WHEN (${condition}) EXECUTE FUNCTION refuse_for_test()`);
  try {
    return await work();
  } finally {
    await db().$executeRawUnsafe(`DROP TRIGGER refuse_for_test ON "${table}"`);
  }
}
