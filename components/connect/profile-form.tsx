"use client";

import { useActionState } from "react";
import type { ProfileState } from "@/app/(seller)/settings/actions";
import { Field } from "@/components/ui/field";
import { buttonStyles } from "@/components/ui/styles";

export interface ProfileValues {
  name: string;
  businessName: string;
  websiteUrl: string;
}

export function ProfileForm({
  action,
  initial,
}: {
  action: (state: ProfileState, form: FormData) => Promise<ProfileState>;
  initial: ProfileValues;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  const errors = state.status === "error" ? state.fieldErrors : {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={initial.name}
        error={errors.name}
      />
      <Field
        label="Business name"
        name="businessName"
        autoComplete="organization"
        defaultValue={initial.businessName}
        error={errors.businessName}
      />
      <Field
        label="Website"
        name="websiteUrl"
        type="url"
        autoComplete="url"
        placeholder="https://"
        defaultValue={initial.websiteUrl}
        hint="Prefilled on Stripe's sign-up form when you connect."
        error={errors.websiteUrl}
      />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonStyles.secondary} disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </button>
        <p role="status" className="text-sm text-green-800">
          {state.status === "saved" && !pending ? "Saved." : ""}
        </p>
      </div>
    </form>
  );
}
