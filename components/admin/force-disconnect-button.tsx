"use client";

import { useActionState, useState } from "react";
import type { FormAction } from "@/lib/http/form-state";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import {
  REASON_MAX_LENGTH,
  SELLER_MESSAGE_MAX_LENGTH,
  SELLER_MESSAGE_MIN_LENGTH,
} from "@/lib/admin/constants";

export type ForceDisconnectField = "connectionId" | "reason" | "block" | "sellerMessage";

/**
 * "Force disconnect" behind a confirmation dialog that asks for the internal reason and whether
 * to block reconnection (then with a message to the seller). When Stripe is down the dialog stays
 * open with the message and the fields as typed.
 */
export function ForceDisconnectButton({
  connectionId,
  accountLabel,
  action,
}: {
  connectionId: string;
  accountLabel: string;
  action: FormAction<ForceDisconnectField>;
}) {
  const [reason, setReason] = useState("");
  const [block, setBlock] = useState(false);
  const [sellerMessage, setSellerMessage] = useState("");
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
              {state.message ??
                state.fieldErrors.reason ??
                state.fieldErrors.sellerMessage ??
                state.fieldErrors.block ??
                state.fieldErrors.connectionId}
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
              For admins only: the seller is told that the marketplace disconnected them.
            </p>
          </div>
          <div className="flex items-start gap-2">
            <input
              id="force-disconnect-block"
              type="checkbox"
              name="block"
              checked={block}
              onChange={(event) => {
                setBlock(event.target.checked);
              }}
              aria-describedby="force-disconnect-block-hint"
              className="mt-1"
            />
            <div>
              <label htmlFor="force-disconnect-block" className="block text-sm font-medium">
                Block reconnection
              </label>
              <p id="force-disconnect-block-hint" className="text-xs text-slate-600">
                Until an admin unblocks it, this seller cannot connect any Stripe account, and no
                seller can connect this Stripe account.
              </p>
            </div>
          </div>
          {block ? (
            <div className="space-y-1">
              <label
                htmlFor="force-disconnect-seller-message"
                className="block text-sm font-medium"
              >
                Message to the seller
              </label>
              <textarea
                id="force-disconnect-seller-message"
                name="sellerMessage"
                required
                minLength={SELLER_MESSAGE_MIN_LENGTH}
                maxLength={SELLER_MESSAGE_MAX_LENGTH}
                rows={3}
                value={sellerMessage}
                onChange={(event) => {
                  setSellerMessage(event.target.value);
                }}
                aria-describedby="force-disconnect-seller-message-hint"
                className={inputStyles}
              />
              <p id="force-disconnect-seller-message-hint" className="text-xs text-slate-600">
                The seller sees this on their Settings page, with how to reach support.
              </p>
            </div>
          ) : null}
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
