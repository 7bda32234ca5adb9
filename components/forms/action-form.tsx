"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { buttonStyles, type ButtonVariant } from "@/components/ui/styles";
import type { FormAction, FormState } from "@/lib/http/form-state";

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
}

/**
 * A form posted to a server action: its fields, one button, the form's error above it (focused,
 * so a screen reader reads it) and each field's error under it. Once the action answers "done",
 * its message replaces the form. `hidden` values (a link's token) are posted along.
 */
export function ActionForm({
  action,
  fields = [],
  hidden = {},
  submit,
  pending: pendingLabel,
  variant = "primary",
  fullWidth = true,
  children,
}: {
  action: FormAction;
  fields?: FieldSpec[];
  hidden?: Record<string, string>;
  submit: string;
  pending: string;
  variant?: ButtonVariant;
  fullWidth?: boolean;
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {
    status: "idle",
  });
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "error") summary.current?.focus();
  }, [state]);

  if (state.status === "done") return <Alert tone="success">{state.message}</Alert>;
  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? (
        <div ref={summary} tabIndex={-1}>
          <Alert tone="error">{state.message}</Alert>
        </div>
      ) : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => (
        <Field
          key={field.name}
          label={field.label}
          name={field.name}
          type={field.type ?? "text"}
          autoComplete={field.autoComplete}
          hint={field.hint}
          required
          defaultValue={values[field.name] ?? field.defaultValue}
          error={errors[field.name]}
        />
      ))}
      {children}
      <button
        type="submit"
        className={`${buttonStyles[variant]}${fullWidth ? " w-full" : ""}`}
        disabled={pending}
      >
        {pending ? pendingLabel : submit}
      </button>
    </form>
  );
}
