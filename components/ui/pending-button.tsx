"use client";

import { useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";

/**
 * A form's submit button that shows the request is running: disabled, with `pending` as its
 * label, from the moment it is pressed until the answer arrives. Works for forms posting to an
 * action (React's form status) and for plain forms posting to a route (the page is replaced by
 * the answer, so the pressed state lasts exactly as long as the request).
 */
export function PendingButton({
  children,
  pending: pendingLabel,
  className,
}: {
  children: ReactNode;
  pending: string;
  className: string;
}) {
  const { pending } = useFormStatus();
  const [pressed, setPressed] = useState(false);
  const busy = pending || pressed;
  return (
    <button
      type="submit"
      className={className}
      disabled={busy}
      aria-busy={busy}
      onClick={(event) => {
        if (event.currentTarget.form?.checkValidity() !== false) setPressed(true);
      }}
    >
      {busy ? pendingLabel : children}
    </button>
  );
}
