"use client";

import { ErrorSummary } from "@/components/forms/error-summary";
import { useActionForm } from "@/components/forms/use-action-form";
import type { FormAction } from "@/lib/http/form-state";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextareaField } from "@/components/ui/field";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";
import {
  REASON_MAX_LENGTH,
  SELLER_MESSAGE_MAX_LENGTH,
  SELLER_MESSAGE_MIN_LENGTH,
} from "@/lib/admin/constants";

export type ForceDisconnectField = "connectionId" | "reason" | "block" | "sellerMessage";

/** The fields the error summary links to (a "block" error, from a forged form, is said there). */
const LABELS = { reason: "Reason", sellerMessage: "Message to the seller" } as const;

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
  const form = useActionForm(action);
  const blockBox = form.checkbox("block");
  const block = blockBox.checked;
  return (
    <ConfirmDialog
      id="force-disconnect"
      trigger="Force disconnect"
      variant="danger"
      title={`Force-disconnect ${accountLabel}?`}
      description="The marketplace's access to this Stripe account is revoked at Stripe at once, and the seller can no longer be paid through it until they connect again. This is recorded with your name."
    >
      {(cancel) => (
        <form action={form.formAction} className="mt-4 space-y-4">
          <input type="hidden" name="connectionId" value={connectionId} />
          <ErrorSummary summary={form.summary} state={form.state} labels={LABELS} />
          <TextareaField
            label={LABELS.reason}
            required
            minLength={3}
            maxLength={REASON_MAX_LENGTH}
            rows={3}
            hint="For admins only: the seller is told that the marketplace disconnected them."
            {...form.field("reason")}
          />
          <div className="flex items-start gap-2">
            <input
              id="field-block"
              type="checkbox"
              {...blockBox}
              aria-describedby="force-disconnect-block-hint"
              className="mt-1"
            />
            <div>
              <label htmlFor="field-block" className="block text-sm font-medium">
                Block reconnection
              </label>
              <p id="force-disconnect-block-hint" className="text-xs text-slate-600">
                Until an admin unblocks it, this seller cannot connect any Stripe account, and no
                seller can connect this Stripe account.
              </p>
            </div>
          </div>
          {block ? (
            <TextareaField
              label={LABELS.sellerMessage}
              required
              minLength={SELLER_MESSAGE_MIN_LENGTH}
              maxLength={SELLER_MESSAGE_MAX_LENGTH}
              rows={3}
              hint="The seller sees this on their Settings page, with how to reach support."
              {...form.field("sellerMessage")}
            />
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
