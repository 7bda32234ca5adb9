"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { reconcileConnectionOf } from "@/lib/stripe/reconcile";

/**
 * Sent by the dashboard when it saw Stripe refuse access to the seller's connection: checks with
 * Stripe again (never trusting the page: the session says whose connection) and records what it
 * says, then back to the dashboard, which shows it.
 */
export async function checkStripeAccess(): Promise<void> {
  const user = await requireUser("/dashboard");
  let outcome: string;
  try {
    outcome = await reconcileConnectionOf(user);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code !== "stripe_unavailable" && error.code !== "stripe_busy") throw error;
    outcome = error.code;
  }
  redirect(`/dashboard?checked=${outcome}`);
}
