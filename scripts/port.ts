import { connect } from "node:net";

/**
 * Whether something accepts connections on `host`:`port` (0: never). A bare TCP connection, so a
 * server that logs its requests logs nothing for it.
 */
export function isListening(port: number, host = "127.0.0.1"): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
