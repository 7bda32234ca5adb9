/**
 * The `stripe-connect-emulator` command (bin/, and `npm run stripe:emulator` at the repository's
 * root): starts the emulator with its configuration from the environment and the flags (cli.ts).
 */
import { CommandLineError, helpText, optionsWith, parseCommandLine, versionText } from "./cli";
import { ConfigError } from "./config";
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.kind === "help" || command.kind === "version") {
    console.log(command.kind === "help" ? helpText() : versionText());
    return;
  }
  const emulator = await startEmulator({
    ...optionsWith(command),
    log: (line) => {
      console.log(line);
    },
  });
  // Before the banner: a launcher may stop it as soon as it reads it.
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  const { config } = emulator;
  console.log(`Stripe emulator listening on ${emulator.url}
  API base:        ${emulator.url}  (stripe-node: host ${config.host}, port ${emulator.port}, protocol http)
  Authorize URL:   ${emulator.authorizeUrl()}
  Control index:   ${emulator.url}/_emulator
  Client id:       ${config.clientId}
  Redirect URIs:   ${config.redirectUris.join(", ")}
  Webhooks:        ${config.webhookEndpoints.map((e) => e.url).join(", ") || "none"}
  State file:      ${config.stateFile ?? "none (state is in memory)"}`);
}

/** A port conflict in one line, naming the port and the fix (node's own error is a stack). */
function describe(error: unknown): unknown {
  if (error instanceof ConfigError || error instanceof CommandLineError) return error.message;
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
