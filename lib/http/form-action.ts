import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import {
  clientAddress,
  takeAttempt,
  tooManyAttemptsMessage,
  type RateLimitRule,
} from "@/lib/auth/rate-limit";
import { AppError, errorMessage } from "@/lib/errors";
import type { FormAction, FormState, NextStep } from "@/lib/http/form-state";
import { log } from "@/lib/log";

/**
 * The helpers every form action uses: validatedAction (read the fields, validate them with a zod
 * schema, one message per field), then, in the action, the session check and the form's rate
 * limits before doing anything costly.
 */

/** A form: its text fields, their schema, and what comes back to the form with an error. */
export interface FormSpec<K extends string, S extends z.ZodType> {
  /** The fields read from the submitted FormData ("" for a missing one). */
  fields: readonly K[];
  schema: S;
  /** Fields whose typed values come back with an error, so the form keeps them. Never a password. */
  keep?: readonly K[];
  /** For a form of hidden fields (ids): this one message instead of field errors. */
  invalid?: string;
}

/**
 * `form` read and parsed as `spec` says: the data and the values to keep, or the error state.
 * For actions that do not answer with a FormState (a plain `<form action>`), which decide
 * themselves what invalid input means (notFound(), say).
 */
export function readForm<K extends string, S extends z.ZodType>(
  spec: FormSpec<K, S>,
  form: FormData,
):
  | { ok: true; data: z.infer<S>; kept: Record<string, string> }
  | { ok: false; state: FormState<K> } {
  const values = formValues(form, spec.fields);
  const kept: Record<string, string> = {};
  for (const key of spec.keep ?? []) kept[key] = values[key];
  const parsed = parseForm(spec.schema, values, kept);
  if (parsed.ok) return { ok: true, data: parsed.data, kept };
  return { ok: false, state: spec.invalid ? formError(spec.invalid, kept) : parsed.state };
}

/**
 * A form's server action (saas-starter's validatedAction): the fields parsed by the schema, or
 * each field's first problem sent back, before `action` runs. `action` gets the parsed data and
 * the values to keep; it checks the session and the role itself, first thing. An AppError it
 * throws is the form's message (its text is written for the user); anything else is thrown on,
 * to the error page. redirect() and notFound() work as usual.
 */
export function validatedAction<K extends string, S extends z.ZodType>(
  spec: FormSpec<K, S>,
  action: (data: z.infer<S>, kept: Record<string, string>) => Promise<FormState<NoInfer<K>>>,
): FormAction<K> {
  return async (_prev, form) => {
    const parsed = readForm(spec, form);
    if (!parsed.ok) return parsed.state;
    try {
      return await action(parsed.data, parsed.kept);
    } catch (error) {
      if (error instanceof AppError) return formError(error.message, parsed.kept);
      throw error;
    }
  };
}

/** The text fields `keys` of a submitted form ("" for a missing one). */
function formValues<K extends string>(form: FormData, keys: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const key of keys) {
    const value = form.get(key);
    values[key] = typeof value === "string" ? value : "";
  }
  return values;
}

/** `input` parsed by `schema`, or the error state that shows each field's first problem. */
function parseForm<S extends z.ZodType>(
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

/** The form's error state with one message for the whole form (and the link to what to do next). */
export function formError(
  message: string,
  values: Record<string, string> = {},
  next?: NextStep,
): FormState {
  return { status: "error", message, fieldErrors: {}, values, ...(next ? { next } : {}) };
}

/**
 * Asks for a form's mail (queued: the mail job sends it, retrying while the SMTP server fails):
 * the error state "could not send" (and one log line, with the project's one-line error text) when
 * it could not even be queued, else null. An AppError is thrown on: it says why nothing was sent
 * (validatedAction shows it).
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
    if (error instanceof AppError) throw error;
    log().error({ reason: errorMessage(error) }, `${what} failed`);
    return formError("We could not send the email just now. Please try again in a minute.", values);
  }
}
