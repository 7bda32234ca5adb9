"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type SubmitEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { buttonStyles } from "@/components/ui/styles";
import { signInWithPassword } from "@/lib/auth/sign-in-request";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";

export function SignInForm({
  callbackPath,
  notice,
  initialError,
}: {
  callbackPath: string;
  notice?: string;
  initialError?: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  async function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    const result = await signInWithPassword(text("email"), text("password"));
    if (result.error) {
      setPending(false);
      setError(signInErrorMessage(result.error));
      return;
    }
    // A full page load, as next-auth's own client does: one request renders the page and the
    // header signed in (a redirect on the way when the sign-in page decides by role).
    window.location.assign(callbackPath);
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-4" noValidate>
      {notice ? <Alert tone="info">{notice}</Alert> : null}
      {error ? (
        <div ref={summary} tabIndex={-1}>
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline">
          Forgot password?
        </Link>
      </p>
    </form>
  );
}
