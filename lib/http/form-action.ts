import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import {
  clientAddress,
  takeAttempt,
  tooManyAttemptsMessage,
  type RateLimitRule,
} from "@/lib/auth/rate-limit";
import { errorMessage } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";

/**
 * The helpers every form action uses: read the fields, validate them with a zod schema (one
 * message per field), and apply the form's rate limits before doing anything costly.
 */

/** The text fields `keys` of a submitted form ("" for a missing one). */
export function formValues<K extends string>(
  form: FormData,
  keys: readonly K[],
): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const key of keys) {
    const value = form.get(key);
    values[key] = typeof value === "string" ? value : "";
  }
  return values;
}

/** `form` parsed by `schema`, or the error state that shows each field's first problem. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  input: Record<string, string>,
  keep: Record<string, string> = {},
): { ok: true; data: z.infer<S> } | { ok: false; state: FormState } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, state: { status: "error", fieldErrors, values: keep } };
}

/** The address of the client that sent this action (see clientAddress). */
export async function requestAddress(): Promise<string> {
  return clientAddress(await headers());
}

/**
 * Counts this submission against the form's limits: null when it may go on, else the error
 * state "Too many attempts. Try again in N minutes.".
 */
export async function limitForm(
  checks: readonly (readonly [RateLimitRule, string])[],
  values: Record<string, string> = {},
): Promise<FormState | null> {
  const limit = await takeAttempt(checks);
  if (limit.ok) return null;
  return {
    status: "error",
    message: tooManyAttemptsMessage(limit.retryAfterSeconds),
    fieldErrors: {},
    values,
  };
}

/** The form's error state with one message for the whole form. */
export function formError(message: string, values: Record<string, string> = {}): FormState {
  return { status: "error", message, fieldErrors: {}, values };
}

/**
 * Sends a form's mail: the error state "could not send" (and one log line, with the project's
 * one-line error text) when the SMTP server fails, else null.
 */
export async function sendFormMail(
  what: string,
  send: () => Promise<void>,
  values: Record<string, string> = {},
): Promise<FormState | null> {
  try {
    await send();
    return null;
  } catch (error) {
    console.error(`${what} failed: ${errorMessage(error)}`);
    return formError("We could not send the email just now. Please try again in a minute.", values);
  }
}
