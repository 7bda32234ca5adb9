/** `npm run stripe:emulator`: starts the emulator with its configuration from the environment. */
import { ConfigError, loadOptionsFromEnv } from "./config";
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const emulator = await startEmulator({
    ...loadOptionsFromEnv(),
    log: (line) => {
      console.log(line);
    },
  });
  const { config } = emulator;
  console.log(`Stripe emulator listening on ${emulator.url}
  API base:        ${emulator.url}  (stripe-node: host ${config.host}, port ${emulator.port}, protocol http)
  Authorize URL:   ${emulator.authorizeUrl()}
  Control index:   ${emulator.url}/_emulator
  Client id:       ${config.clientId}
  Redirect URIs:   ${config.redirectUris.join(", ")}
  Webhooks:        ${config.webhookEndpoints.map((e) => e.url).join(", ") || "none"}
  State file:      ${config.stateFile ?? "none (state is in memory)"}`);
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** A port conflict in one line, naming the port and the fix (node's own error is a stack). */
function describe(error: unknown): unknown {
  if (error instanceof ConfigError) return error.message;
  const { code, port, address } = error as NodeJS.ErrnoException & {
    port?: number;
    address?: string;
  };
  if (code === "EADDRINUSE") {
    return `Stripe emulator: ${address ?? "its address"}:${String(port ?? "?")} is already in use (another emulator, or \`npm run dev\` already running?). Stop that process, or set STRIPE_EMULATOR_PORT to a free port.`;
  }
  return error;
}

main().catch((error: unknown) => {
  console.error(describe(error));
  process.exit(1);
});
