"use client";

import { useActionState, useEffect, useRef, useState, type ChangeEvent } from "react";
import type { FormAction, FormState } from "@/lib/http/form-state";

/**
 * The one way a form posts to a server action (ActionForm uses it; forms with a layout of their
 * own use it directly). On an error:
 * - what was typed stays in the fields, passwords included: each field named by `field()` is
 *   controlled here, in the browser, so React's reset of the form after its action changes
 *   nothing, and no action ever sends a password back;
 * - focus moves to the error summary (`summary`, see ErrorSummary), so a screen reader reads it;
 * - each field's error comes with its props (`field(name).error`, tied by Field); `checkbox(name)`
 *   gives a checkbox's props.
 * `pending` is true while the action runs (PendingButton shows it too, from the form's status).
 */
export function useActionForm<F extends string>(
  action: FormAction<F>,
  initial: Partial<Record<F, string>> = {},
) {
  const [state, formAction, pending] = useActionState<FormState<F>, FormData>(action, {
    status: "idle",
  });
  // Seeded from the answer the server rendered, when the form was sent before this script ran.
  const [typed, setTyped] = useState<Partial<Record<string, string>>>(() => ({
    ...initial,
    ...(state.status === "error" ? state.values : {}),
  }));
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "error") summary.current?.focus();
  }, [state]);
  const errors: Partial<Record<F, string>> = state.status === "error" ? state.fieldErrors : {};

  /** The props of the field `name`: its value as typed, and its error. */
  function field(name: F) {
    return {
      name,
      value: typed[name] ?? "",
      error: errors[name],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
        const { value } = event.target;
        setTyped((current) => ({ ...current, [name]: value }));
      },
    };
  }

  /** The props of the checkbox `name` ("on" when ticked, as the browser posts it). */
  function checkbox(name: F) {
    return {
      name,
      checked: typed[name] === "on",
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const { checked } = event.target;
        // What React's reset of the form goes back to: React keeps a text field's default in
        // step with its value, not a checkbox's.
        event.target.defaultChecked = checked;
        setTyped((current) => ({ ...current, [name]: checked ? "on" : "" }));
      },
    };
  }

  return { state, formAction, pending, summary, field, checkbox };
}
