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

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
