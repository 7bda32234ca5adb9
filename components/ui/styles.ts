/** Shared class names, so buttons and links that act as buttons look the same everywhere. */
const base =
  "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60";

export const buttonStyles = {
  primary: `${base} bg-brand-600 text-white shadow-sm hover:bg-brand-700`,
  secondary: `${base} border border-slate-300 bg-white text-slate-800 shadow-sm hover:bg-slate-50`,
  danger: `${base} bg-red-600 text-white shadow-sm hover:bg-red-700`,
  ghost: `${base} text-slate-700 hover:bg-slate-100`,
} as const;

export type ButtonVariant = keyof typeof buttonStyles;

/** Text inputs, selects and text areas. */
export const inputStyles =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-2 focus:outline-brand-600 aria-[invalid=true]:border-red-600";
