"use client";

import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";

/**
 * Shown while a connection attempt is unconfirmed (the code exchange got no answer in time): asks
 * the server to check with Stripe, once on its own when `autoCheck`, and again on request. The
 * seller never connects twice: the check only looks at what Stripe already did.
 */
export function ConfirmConnectionCheck({
  action,
  autoCheck,
}: {
  action: () => Promise<void>;
  autoCheck: boolean;
}) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (autoCheck) form.current?.requestSubmit();
  }, [autoCheck]);
  return (
    <div className="mb-6 space-y-3" data-testid="unconfirmed-connection">
      <Alert tone="info">
        We could not confirm your last connection with Stripe yet. There is no need to connect
        again: we are checking with Stripe.
      </Alert>
      <form ref={form} action={action}>
        <PendingButton className={buttonStyles.secondary} pending="Checking with Stripe…">
          Check with Stripe
        </PendingButton>
      </form>
    </div>
  );
}
