import type { ReactNode } from "react";
import type { StatusWord, Tone } from "@/lib/ui/status-words";

const tones = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  success: "bg-green-50 text-green-800 ring-green-600/30",
  warning: "bg-amber-50 text-amber-900 ring-amber-600/30",
  danger: "bg-red-50 text-red-800 ring-red-600/30",
  info: "bg-brand-50 text-brand-700 ring-brand-600/30",
} as const satisfies Record<Tone, string>;

/** A pill. States take their label and tone from lib/ui/status-words.ts: pass the `word`. */
export function Badge({
  tone = "neutral",
  word,
  children,
}: {
  tone?: Tone;
  word?: StatusWord;
  children?: ReactNode;
}) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[word?.tone ?? tone]}`}
    >
      {children ?? word?.label}
    </span>
  );
}
