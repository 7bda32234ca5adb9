import type { Metadata } from "next";
import { AuthPage } from "@/components/auth/auth-page";
import { ActionForm } from "@/components/forms/action-form";
import { confirmEmail } from "./actions";

export const metadata: Metadata = { title: "Confirm your email address" };

// A page that only reads: the link is used by the button, so a mail scanner that opens every link
// cannot use it up.
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const token = (await searchParams).token ?? "";
  return (
    <AuthPage
      title="Confirm your email address"
      intro="Confirming proves this address is yours; sellers confirm before connecting Stripe."
    >
      <ActionForm
        action={confirmEmail}
        hidden={{ token }}
        submit="Confirm my email address"
        pending="Confirming…"
      />
    </AuthPage>
  );
}
