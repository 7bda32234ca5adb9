"use client";

import { ActionForm } from "@/components/forms/action-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FormAction } from "@/lib/http/form-state";

/** "Remove" behind a confirmation dialog; an error (the last admin) shows inside it. */
export function RemoveAdminButton({
  action,
  userId,
  label,
}: {
  action: FormAction;
  userId: string;
  label: string;
}) {
  return (
    <ConfirmDialog
      id={`remove-${userId}`}
      trigger="Remove"
      variant="secondary"
      title={`Remove ${label} as an admin?`}
      description="They keep their account as a seller and lose access to the admin console at once."
    >
      {(cancel) => (
        <div className="mt-6 flex justify-end gap-3">
          {cancel}
          <ActionForm
            action={action}
            hidden={{ userId }}
            submit="Yes, remove"
            pending="Removing…"
            variant="danger"
            fullWidth={false}
          />
        </div>
      )}
    </ConfirmDialog>
  );
}
