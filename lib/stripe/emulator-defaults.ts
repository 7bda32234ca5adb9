/**
 * The credentials the app and the bundled Stripe emulator agree on when no Stripe keys are set.
 * Test-mode look-alikes, valid nowhere but on the emulator (scripts/serve.ts hands them to it).
 */
export const EMULATOR = {
  secretKey: "sk_test_emulator0000000000000000000000",
  clientId: "ca_emulator00000000000000000000",
  connectWebhookSecret: "whsec_emulator0000000000000000000000",
  /** The secret of the emulator's event destination for thin (v2) event notifications. */
  thinWebhookSecret: "whsec_emulatorthin00000000000000000000",
} as const;
