"use client";

import { useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";

/**
 * "Disconnect" behind a confirmation dialog. The form posts to the disconnect route, which checks
 * the session and the request's origin and redirects back to Settings.
 */
export function DisconnectButton({
  accountLabel,
  description = "The marketplace will lose access to this Stripe account and you will stop receiving payouts through it. You can connect again at any time.",
}: {
  accountLabel: string;
  /** What disconnecting means for this account (a created one stays open at Stripe). */
  description?: string;
}) {
  // The route answers with the next page: until then the button says the request is running.
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    // Back to this page from the browser's history: that request is over.
    const reset = () => {
      setSubmitted(false);
    };
    window.addEventListener("pageshow", reset);
    return () => {
      window.removeEventListener("pageshow", reset);
    };
  }, []);
  return (
    <ConfirmDialog
      id="disconnect"
      trigger="Disconnect"
      variant="secondary"
      title={`Disconnect ${accountLabel}?`}
      description={description}
    >
      {(cancel) => (
        <form
          method="post"
          action="/api/stripe/connect/disconnect"
          onSubmit={() => {
            setSubmitted(true);
          }}
          className="mt-6 flex justify-end gap-3"
        >
          {cancel}
          <PendingButton
            className={buttonStyles.danger}
            pending="Disconnecting…"
            submitted={submitted}
          >
            Yes, disconnect
          </PendingButton>
        </form>
      )}
    </ConfirmDialog>
  );
}
