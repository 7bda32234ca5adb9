import type { ReactNode } from "react";

/** The narrow, centred layout of the sign-in, sign-up and emailed-link pages. */
export function AuthPage({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {intro ? (
        <p className="mt-1 mb-6 text-sm text-slate-600">{intro}</p>
      ) : (
        <div className="mb-6" />
      )}
      {children}
    </div>
  );
}
