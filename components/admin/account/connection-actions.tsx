import type { FormAction } from "@/lib/http/form-state";
import {
  ForceDisconnectButton,
  type ForceDisconnectField,
} from "@/components/admin/force-disconnect-button";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";

/** What an admin can do to an active connection: refresh it from Stripe, or force-disconnect it. */
export function ConnectionActions({
  connectionId,
  accountLabel,
  refreshAction,
  forceDisconnectAction,
}: {
  connectionId: string;
  accountLabel: string;
  refreshAction: (form: FormData) => Promise<void>;
  forceDisconnectAction: FormAction<ForceDisconnectField>;
}) {
  return (
    <>
      <form action={refreshAction}>
        <input type="hidden" name="connectionId" value={connectionId} />
        <PendingButton className={buttonStyles.secondary} pending="Refreshing…">
          Refresh from Stripe
        </PendingButton>
      </form>
      <ForceDisconnectButton
        connectionId={connectionId}
        accountLabel={accountLabel}
        action={forceDisconnectAction}
      />
    </>
  );
}
