"use client";

import { useRef, type ReactNode } from "react";
import { buttonStyles, type ButtonVariant } from "@/components/ui/styles";

/**
 * A button that opens a modal confirmation dialog (the browser's own <dialog>: focus moves into
 * it and stays there, Escape closes it). `children` gets the Cancel button to place in its form.
 */
export function ConfirmDialog({
  id,
  trigger,
  variant,
  title,
  description,
  children,
}: {
  id: string;
  trigger: string;
  variant: ButtonVariant;
  title: string;
  description: ReactNode;
  children: (cancel: ReactNode) => ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = (
    <button
      type="button"
      className={buttonStyles.secondary}
      onClick={() => dialog.current?.close()}
    >
      Cancel
    </button>
  );
  return (
    <>
      <button
        type="button"
        className={buttonStyles[variant]}
        onClick={() => dialog.current?.showModal()}
      >
        {trigger}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(32rem,calc(100%-2rem))] rounded-xl p-6 shadow-xl backdrop:bg-black/50"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <p className="mt-2 text-sm text-slate-600">{description}</p>
        {children(cancel)}
      </dialog>
    </>
  );
}
