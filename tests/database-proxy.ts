import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export interface DatabaseProxy {
  /** The database's URL through the proxy. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a test database (the integration tests', e2e/frozen-database.spec.ts's),
 * to take it away and bring it back as an outage would: `cut()` drops every connection and refuses
 * new ones; `restore()` accepts them again. `freeze()` is a hung server or a network black hole:
 * connections stay open and new ones are accepted, but nothing is forwarded either way until
 * `thaw()`, which delivers what waited.
 */
export async function startDatabaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
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
