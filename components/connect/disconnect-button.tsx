"use client";

import { useRef } from "react";
import { buttonStyles } from "@/components/ui/styles";

/**
 * "Disconnect" behind a confirmation dialog. The form posts to the disconnect route, which checks
 * the session and the request's origin and redirects back to Settings.
 */
export function DisconnectButton({ accountLabel }: { accountLabel: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className={buttonStyles.secondary}
        onClick={() => dialog.current?.showModal()}
      >
        Disconnect
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="disconnect-title"
        className="m-auto max-w-md rounded-xl p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id="disconnect-title" className="text-lg font-semibold text-slate-900">
          Disconnect {accountLabel}?
        </h2>
        <p className="mt-2 text-sm text-slate-600">
          The marketplace will lose access to this Stripe account and you will stop receiving
          payouts through it. You can connect again at any time.
        </p>
        <form
          method="post"
          action="/api/stripe/connect/disconnect"
          className="mt-6 flex justify-end gap-3"
        >
          <button
            type="button"
            className={buttonStyles.secondary}
            onClick={() => dialog.current?.close()}
          >
            Cancel
          </button>
          <button type="submit" className={buttonStyles.danger}>
            Yes, disconnect
          </button>
        </form>
      </dialog>
    </>
  );
}
