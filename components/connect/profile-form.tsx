"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { buttonStyles } from "@/components/ui/styles";
import type { FormAction, FormState } from "@/lib/http/form-state";

export interface ProfileValues {
  name: string;
  businessName: string;
  websiteUrl: string;
}

export function ProfileForm({ action, initial }: { action: FormAction; initial: ProfileValues }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {
    status: "idle",
  });
  const errors = state.status === "error" ? state.fieldErrors : {};
  // After an error the form shows what was typed, not the saved profile.
  const values = state.status === "error" ? { ...initial, ...state.values } : initial;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={values.name}
        error={errors.name}
      />
      <Field
        label="Business name"
        name="businessName"
        autoComplete="organization"
        defaultValue={values.businessName}
        error={errors.businessName}
      />
      <Field
        label="Website"
        name="websiteUrl"
        type="url"
        autoComplete="url"
        placeholder="https://"
        defaultValue={values.websiteUrl}
        hint="Prefilled on Stripe's sign-up form when you connect."
        error={errors.websiteUrl}
      />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonStyles.secondary} disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </button>
        <p role="status" className="text-sm text-green-800">
          {state.status === "done" && !pending ? state.message : ""}
        </p>
      </div>
    </form>
  );
}
