"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type SubmitEvent } from "react";
import { ErrorSummary } from "@/components/forms/error-summary";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";
import { pathWithQuery } from "@/lib/auth/prefill";
import { signInWithPassword } from "@/lib/auth/sign-in-request";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";

/**
 * Sign-in through next-auth's credentials route (sent by the form's own handler, so nothing is
 * reset and what was typed stays). Its error goes in the error summary, focused; "Forgot
 * password?" takes the address typed so far along.
 */
export function SignInForm({
  callbackPath,
  notice,
  initialError,
  email: initialEmail = "",
}: {
  callbackPath: string;
  notice?: string;
  initialError?: string | null;
  /** The address to start with (from the page before: sign-up, a mailed link). */
  email?: string;
}) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);
  const [email, setEmail] = useState(initialEmail);
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
      <ErrorSummary
        summary={summary}
        state={
          error
            ? { status: "error", message: error, fieldErrors: {}, values: {} }
            : { status: "idle" }
        }
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => {
          setEmail(event.target.value);
        }}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <PendingButton
        className={`${buttonStyles.primary} w-full`}
        pending="Signing in…"
        submitted={pending}
      >
        Sign in
      </PendingButton>
      <p className="text-center text-sm">
        <Link
          href={pathWithQuery("/forgot-password", { email: email.trim() })}
          className="font-medium text-brand-700 underline"
        >
          Forgot password?
        </Link>
      </p>
    </form>
  );
}
