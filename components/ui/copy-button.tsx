"use client";

import { useState } from "react";

type CopyState = "idle" | "copied" | "failed";

const SHOWN: Record<CopyState, string> = { idle: "Copy", copied: "Copied", failed: "Not copied" };

const SAID: Record<CopyState, (label: string) => string> = {
  idle: () => "",
  copied: (label) => `Copied ${label} to the clipboard.`,
  failed: (label) => `Could not copy ${label}: select it and copy it yourself.`,
};

/**
 * A small "Copy" button next to an id (acct_…, evt_…, a user id) that puts `value` on the
 * clipboard. It then reads "Copied" until focus leaves it, and a live region says so to screen
 * readers (or that the browser refused: then the id is there to select). `label` names what is
 * copied when that is not the value itself.
 */
export function CopyButton({ value, label = value }: { value: string; label?: string }) {
  const [state, setState] = useState<CopyState>("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // No clipboard (an insecure origin) or permission refused.
      setState("failed");
    }
  }
  return (
    <span className="inline-flex items-center">
      <button
        type="button"
        onClick={() => void copy()}
        onBlur={() => {
          setState("idle");
        }}
        aria-label={`${SHOWN[state]} ${label}`}
        className="inline-flex min-h-6 items-center rounded border border-slate-300 bg-white px-2 font-sans text-xs font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        {SHOWN[state]}
      </button>
      <span role="status" className="sr-only">
        {SAID[state](label)}
      </span>
    </span>
  );
}
