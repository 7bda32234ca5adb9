"use client";

import { ActionForm } from "@/components/forms/action-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FormAction } from "@/lib/http/form-state";

/** "Unblock" behind a confirmation dialog; an error (a rate limit) shows inside it. */
export function UnblockButton({
  action,
  blockId,
  connectionId,
}: {
  action: FormAction;
  blockId: string;
  connectionId: string;
}) {
  return (
    <ConfirmDialog
      id={`unblock-${blockId}`}
      trigger="Unblock"
      variant="secondary"
      title="Lift this block?"
      description="The seller can connect a Stripe account again, and this Stripe account can be connected again. This is recorded with your name."
    >
      {(cancel) => (
        <div className="mt-6 flex justify-end gap-3">
          {cancel}
          <ActionForm
            action={action}
            hidden={{ blockId, connectionId }}
            submit="Yes, unblock"
            pending="Unblocking…"
            variant="primary"
            fullWidth={false}
          />
        </div>
      )}
    </ConfirmDialog>
  );
}
