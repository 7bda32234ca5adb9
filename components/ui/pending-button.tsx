"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/**
 * A form's submit button that shows the request is running: disabled, with `pending` as its
 * label, while its form's action runs (React's form status) or, for a plain form posting to a
 * route, once its form said it was `submitted` (the page is then replaced by the answer).
 */
export function PendingButton({
  children,
  pending: pendingLabel,
  submitted = false,
  className,
}: {
  children: ReactNode;
  pending: string;
  submitted?: boolean;
  className: string;
}) {
  const { pending } = useFormStatus();
  const busy = pending || submitted;
  return (
    <button type="submit" className={className} disabled={busy} aria-busy={busy}>
      {busy ? pendingLabel : children}
    </button>
  );
}
