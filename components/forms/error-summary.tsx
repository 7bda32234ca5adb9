"use client";

import type { RefObject } from "react";
import { NextStepLink } from "@/components/forms/next-step";
import { Alert } from "@/components/ui/alert";
import { fieldId } from "@/components/ui/field";
import type { FormState } from "@/lib/http/form-state";

/**
 * What went wrong with a form, above it (nothing unless `state` is an error): the form's message,
 * a link to each field that has an error (named by its label in `labels`; the error itself is
 * under the field), the errors of fields that have no label here (hidden ones: said here, as
 * nothing else shows them), and the link to the next step. Focusable: useActionForm moves focus here on
 * each error, so a screen reader reads it at once.
 */
export function ErrorSummary<F extends string>({
  summary,
  state,
  labels = {},
}: {
  summary: RefObject<HTMLDivElement | null>;
  state: FormState<F>;
  /** The form's fields' labels, in the form's order. */
  labels?: Partial<Record<F, string>>;
}) {
  if (state.status !== "error") return null;
  const fields = (Object.entries(labels) as [F, string][]).filter(
    ([name]) => state.fieldErrors[name],
  );
  const unlabelled = (Object.entries(state.fieldErrors) as [F, string | undefined][])
    .filter(([name, error]) => error && !labels[name])
    .map(([, error]) => error);
  return (
    <div ref={summary} tabIndex={-1} data-testid="error-summary" className="rounded-md">
      <Alert tone="error">
        {[state.message, ...unlabelled].map((text) => (text ? <p key={text}>{text}</p> : null))}
        {fields.length > 0 ? (
          <div className={state.message || unlabelled.length ? "mt-2" : undefined}>
            <p>
              {fields.length === 1
                ? "Check the field marked below:"
                : `Check the ${String(fields.length)} fields marked below:`}
            </p>
            <ul className="mt-1 list-disc pl-5">
              {fields.map(([name, label]) => (
                <li key={name}>
                  <a
                    href={`#${fieldId(name)}`}
                    className="font-medium underline"
                    onClick={(event) => {
                      // Into the field itself, not only scrolled to it.
                      const input = document.getElementById(fieldId(name));
                      if (!input) return;
                      event.preventDefault();
                      input.focus();
                    }}
                  >
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {state.next ? <NextStepLink next={state.next} /> : null}
      </Alert>
    </div>
  );
}
