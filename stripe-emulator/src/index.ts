/**
 * The package's entry point (`stripe-connect-emulator`): the server, its configuration, and the
 * typed control client. The command is `stripe-connect-emulator` (bin/); Stripe's example objects
 * are `stripe-connect-emulator/fixtures`.
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { ConfigError, loadOptionsFromEnv, type EmulatorConfig } from "./config";
export * from "./client";
