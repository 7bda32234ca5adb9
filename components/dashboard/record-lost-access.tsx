"use client";

import { useEffect, useRef } from "react";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";

/**
 * Shown where a page saw Stripe refuse access (403 account_invalid) on a connection still stored
 * as active. Pages only read, so the page cannot record that itself: this sends `action` (which
 * checks with Stripe again, itself, and ends the connection if Stripe still refuses) once on its
 * own when `autoCheck`, and the page comes back showing what was recorded. Automatic, because the
 * person only looked at a page: recording what Stripe says is ours to do, not theirs to ask for.
 * The button is for when that check could not be made (`failed` says why).
 */
export function RecordLostAccess({
  action,
  autoCheck,
  fields = {},
  failed,
}: {
  action: (form: FormData) => Promise<void>;
  autoCheck: boolean;
  /** Hidden fields the action needs (which connection). */
  fields?: Record<string, string>;
  failed?: string;
}) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (autoCheck) form.current?.requestSubmit();
  }, [autoCheck]);
  return (
    <form ref={form} action={action} className="mt-4 space-y-3" data-testid="record-lost-access">
      {failed ? <p className="text-sm text-red-800">{failed}</p> : null}
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <PendingButton className={buttonStyles.secondary} pending="Recording it…">
        Check with Stripe again
      </PendingButton>
    </form>
  );
}
