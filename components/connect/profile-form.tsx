"use client";

import { ErrorSummary } from "@/components/forms/error-summary";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/ui/field";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";
import type { FormAction } from "@/lib/http/form-state";

export interface ProfileValues {
  name: string;
  businessName: string;
  websiteUrl: string;
}

type ProfileField = keyof ProfileValues;

const LABELS: Record<ProfileField, string> = {
  name: "Name",
  businessName: "Business name",
  websiteUrl: "Website",
};

/** The signed-in user's profile; after an error it shows what was typed, not the saved profile. */
export function ProfileForm({
  action,
  initial,
}: {
  action: FormAction<ProfileField>;
  initial: ProfileValues;
}) {
  const form = useActionForm(action, initial);
  const { state } = form;
  return (
    <form action={form.formAction} className="space-y-4" noValidate>
      <ErrorSummary summary={form.summary} state={state} labels={LABELS} />
      <Field label={LABELS.name} autoComplete="name" {...form.field("name")} />
      <Field
        label={LABELS.businessName}
        autoComplete="organization"
        {...form.field("businessName")}
      />
      <Field
        label={LABELS.websiteUrl}
        type="url"
        autoComplete="url"
        placeholder="https://"
        hint="Prefilled on Stripe's sign-up form when you connect."
        {...form.field("websiteUrl")}
      />
      <div className="flex items-center gap-3">
        <PendingButton className={buttonStyles.secondary} pending="Saving…">
          Save profile
        </PendingButton>
        <p role="status" className="text-sm text-green-800">
          {state.status === "done" && !form.pending ? state.message : ""}
        </p>
      </div>
    </form>
  );
}
