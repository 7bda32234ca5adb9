"use client";

import { buttonStyles } from "@/components/ui/styles";

/** What a page that failed shows (app/error.tsx, and app/global-error.tsx when the layout failed). */
export function PageError({ reset }: { reset: () => void }) {
  return (
    <div className="py-12 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-slate-600">The page could not be shown. Please try again.</p>
      <button type="button" className={`${buttonStyles.secondary} mt-6`} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
