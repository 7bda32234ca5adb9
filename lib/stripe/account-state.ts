import type Stripe from "stripe";
import { z } from "zod";

/**
 * What decides whether a seller can sell and be paid, beyond the three flags: the account's
 * requirements (now and future), its capabilities, its controller and its payout schedule, kept
 * on the connection as one JSON snapshot (`StripeConnection.accountState`) in Stripe's own names.
 * Values Stripe adds later (a new `disabled_reason`, a new requirement) are kept as they come:
 * every field is a plain string here, never narrowed to the values we know.
 */
const requirementError = z.object({
  code: z.string(),
  reason: z.string(),
  requirement: z.string(),
});

const requirements = z.object({
  currently_due: z.array(z.string()),
  eventually_due: z.array(z.string()),
  past_due: z.array(z.string()),
  pending_verification: z.array(z.string()),
  errors: z.array(requirementError),
  disabled_reason: z.string().nullable(),
  /** Unix seconds, as Stripe gives it. */
  current_deadline: z.number().nullable(),
});

export const accountStateSchema = z.object({
  requirements,
  future_requirements: requirements,
  /** Every capability as Stripe names it, with its status (active, inactive, pending…). */
  capabilities: z.record(z.string(), z.string()),
  controller: z.object({
    type: z.string().nullable(),
    is_controller: z.boolean().nullable(),
    stripe_dashboard: z.string().nullable(),
    requirement_collection: z.string().nullable(),
    fees_payer: z.string().nullable(),
    losses_payments: z.string().nullable(),
  }),
  payout_schedule: z
    .object({
      interval: z.string(),
      delay_days: z.number().nullable(),
      weekly_anchor: z.string().nullable(),
      monthly_anchor: z.number().nullable(),
    })
    .nullable(),
});

export type AccountState = z.infer<typeof accountStateSchema>;
export type Requirements = AccountState["requirements"];
export type RequirementError = z.infer<typeof requirementError>;

type StripeRequirements = Stripe.Account.Requirements | Stripe.Account.FutureRequirements;

function requirementsOf(given: StripeRequirements | null | undefined): Requirements {
  return {
    currently_due: given?.currently_due ?? [],
    eventually_due: given?.eventually_due ?? [],
    past_due: given?.past_due ?? [],
    pending_verification: given?.pending_verification ?? [],
    errors: (given?.errors ?? []).map(({ code, reason, requirement }) => ({
      code,
      reason,
      requirement,
    })),
    disabled_reason: given?.disabled_reason ?? null,
    current_deadline: given?.current_deadline ?? null,
  };
}

/** The account state of a Stripe Account object (from an event or a fetch). */
export function accountStateOf(account: Stripe.Account): AccountState {
  const capabilities: Record<string, string> = {};
  for (const [name, status] of Object.entries(account.capabilities ?? {})) {
    if (typeof status === "string") capabilities[name] = status;
  }
  const controller = account.controller;
  const schedule = account.settings?.payouts?.schedule;
  return {
    requirements: requirementsOf(account.requirements),
    future_requirements: requirementsOf(account.future_requirements),
    capabilities,
    controller: {
      type: controller?.type ?? null,
      is_controller: controller?.is_controller ?? null,
      stripe_dashboard: controller?.stripe_dashboard?.type ?? null,
      requirement_collection: controller?.requirement_collection ?? null,
      fees_payer: controller?.fees?.payer ?? null,
      losses_payments: controller?.losses?.payments ?? null,
    },
    payout_schedule: schedule
      ? {
          interval: schedule.interval,
          delay_days: schedule.delay_days,
          weekly_anchor: schedule.weekly_anchor ?? null,
          monthly_anchor: schedule.monthly_anchor ?? null,
        }
      : null,
  };
}

/**
 * A stored account state, read back (a connection stored before the state was kept, or by a
 * fetch that failed, has none: null).
 */
export function parseAccountState(stored: unknown): AccountState | null {
  const parsed = accountStateSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
