"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/**
 * The one submit button of every form that acts: while the request runs it is disabled, marked
 * busy and labelled `pending` ("Saving…"). Running means its form's action runs (React's form
 * status) or, for a form React does not run (a plain form posting to a route, a form sent by its
 * own handler), that its form said it was `submitted`.
 */
export function PendingButton({
  children,
  pending: pendingLabel,
  submitted = false,
  className,
  label,
}: {
  children: ReactNode;
  pending: string;
  submitted?: boolean;
  className: string;
  /** The button's name for screen readers when `children` alone is ambiguous ("Retry evt_…"). */
  label?: string;
}) {
  const { pending } = useFormStatus();
  const busy = pending || submitted;
  return (
    <button
      type="submit"
      className={className}
      disabled={busy}
      aria-busy={busy}
      aria-label={busy ? undefined : label}
    >
      {busy ? pendingLabel : children}
    </button>
  );
}
