"use client";

import type { ReactNode } from "react";
import { ErrorSummary } from "@/components/forms/error-summary";
import { NextStepLink } from "@/components/forms/next-step";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles, type ButtonVariant } from "@/components/ui/styles";
import type { FormAction } from "@/lib/http/form-state";

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
}

/**
 * A form posted to a server action (useActionForm): its fields, one button that says when it is
 * running, and on an error the error summary above the fields (focused) with each field's error
 * under it and what was typed kept. Once the action answers "done", its message (and its link to
 * the next step) replaces the form. `hidden` values (a link's token) are posted along.
 */
export function ActionForm({
  action,
  fields = [],
  hidden = {},
  submit,
  pending,
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
  const form = useActionForm(
    action,
    Object.fromEntries(fields.map((f) => [f.name, f.defaultValue ?? ""])),
  );
  const { state } = form;

  if (state.status === "done") {
    return (
      <Alert tone="success">
        {state.message}
        {state.next ? <NextStepLink next={state.next} /> : null}
      </Alert>
    );
  }
  return (
    <form action={form.formAction} className="space-y-4" noValidate>
      <ErrorSummary
        summary={form.summary}
        state={state}
        labels={Object.fromEntries(fields.map((f) => [f.name, f.label]))}
      />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => (
        <Field
          key={field.name}
          label={field.label}
          type={field.type ?? "text"}
          autoComplete={field.autoComplete}
          hint={field.hint}
          required
          {...form.field(field.name)}
        />
      ))}
      {children}
      <PendingButton
        className={`${buttonStyles[variant]}${fullWidth ? " w-full" : ""}`}
        pending={pending}
      >
        {submit}
      </PendingButton>
    </form>
  );
}
