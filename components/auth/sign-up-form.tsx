"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import type { SignUpState } from "@/app/(auth)/sign-up/actions";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { buttonStyles } from "@/components/ui/styles";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";

export function SignUpForm({
  action,
}: {
  action: (state: SignUpState, form: FormData) => Promise<SignUpState>;
}) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  // Kept at submit time: React resets the form's inputs once the action returns.
  const password = useRef("");

  // Once the account exists, sign in with the same credentials and go to Settings.
  useEffect(() => {
    if (state.status !== "created") return;
    void signIn("credentials", {
      email: state.email,
      password: password.current,
      redirect: false,
    }).then((result) => {
      router.replace(result?.ok ? "/settings" : "/sign-in");
      router.refresh();
    });
  }, [state, router]);

  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : undefined;
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        const value = new FormData(event.currentTarget).get("password");
        password.current = typeof value === "string" ? value : "";
      }}
      className="space-y-4"
      noValidate
    >
      {state.status === "error" && state.message ? (
        <Alert tone="error">{state.message}</Alert>
      ) : null}
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={values?.name}
        error={errors.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={values?.email}
        error={errors.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.password}
      />
      <button
        type="submit"
        className={`${buttonStyles.primary} w-full`}
        disabled={pending || state.status === "created"}
      >
        {pending || state.status === "created" ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
