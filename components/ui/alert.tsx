import type { ReactNode } from "react";

const tones = {
  info: "border-brand-600/30 bg-brand-50 text-brand-700",
  success: "border-green-600/30 bg-green-50 text-green-800",
  error: "border-red-600/30 bg-red-50 text-red-800",
} as const;

export function Alert({ tone, children }: { tone: keyof typeof tones; children: ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-4 py-3 text-sm ${tones[tone]}`}
    >
      {children}
    </div>
  );
}

/** The outcome of what the user just did, from a fixed table of messages (see connect-outcomes). */
export function OutcomeNotice({
  notice,
}: {
  notice: { tone: keyof typeof tones; message: string } | null;
}) {
  if (!notice) return null;
  return (
    <div className="mb-6" data-testid="outcome">
      <Alert tone={notice.tone}>{notice.message}</Alert>
    </div>
  );
}
