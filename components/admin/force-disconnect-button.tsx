"use client";

import { useActionState, useState } from "react";
import type { FormAction } from "@/lib/http/form-state";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { REASON_MAX_LENGTH } from "@/lib/admin/constants";

/**
 * "Force disconnect" behind a confirmation dialog that asks for the reason. When Stripe is down
 * the dialog stays open with the message and the reason as typed.
 */
export function ForceDisconnectButton({
  connectionId,
  accountLabel,
  action,
}: {
  connectionId: string;
  accountLabel: string;
  action: FormAction<"connectionId" | "reason">;
}) {
  const [reason, setReason] = useState("");
  const [state, formAction] = useActionState(action, { status: "idle" });
  return (
    <ConfirmDialog
      id="force-disconnect"
      trigger="Force disconnect"
      variant="danger"
      title={`Force-disconnect ${accountLabel}?`}
      description="The marketplace's access to this Stripe account is revoked at Stripe at once, and the seller can no longer be paid through it until they connect again. This is recorded with your name."
    >
      {(cancel) => (
        <form action={formAction} className="mt-4 space-y-4">
          <input type="hidden" name="connectionId" value={connectionId} />
          {state.status === "error" ? (
            <Alert tone="error">
              {state.message ?? state.fieldErrors.reason ?? state.fieldErrors.connectionId}
            </Alert>
          ) : null}
          <div className="space-y-1">
            <label htmlFor="force-disconnect-reason" className="block text-sm font-medium">
              Reason
            </label>
            <textarea
              id="force-disconnect-reason"
              name="reason"
              required
              minLength={3}
              maxLength={REASON_MAX_LENGTH}
              rows={3}
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
              }}
              aria-describedby="force-disconnect-reason-hint"
              className={inputStyles}
            />
            <p id="force-disconnect-reason-hint" className="text-xs text-slate-600">
              The seller sees this on their Settings page.
            </p>
          </div>
          <div className="flex justify-end gap-3">
            {cancel}
            <PendingButton className={buttonStyles.danger} pending="Disconnecting…">
              Yes, force disconnect
            </PendingButton>
          </div>
        </form>
      )}
    </ConfirmDialog>
  );
}
