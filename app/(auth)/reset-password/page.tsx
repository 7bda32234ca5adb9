import type { Metadata } from "next";
import Link from "next/link";
import { AuthPage } from "@/components/auth/auth-page";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { resetLinkAccount } from "@/lib/auth/accounts";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import { setNewPassword } from "./actions";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const token = (await searchParams).token ?? "";
  const account = token ? await resetLinkAccount(token) : null;
  if (!account) {
    return (
      <AuthPage title="Choose a new password">
        <Alert tone="error">
          This reset link cannot be used: it was used already or it expired.{" "}
          <Link href="/forgot-password" className="underline">
            Ask for a new one
          </Link>
          .
        </Alert>
      </AuthPage>
    );
  }
  return (
    <AuthPage title="Choose a new password" intro={`For ${account.email}.`}>
      <ActionForm
        action={setNewPassword}
        hidden={{ token }}
        submit="Set the new password"
        pending="Saving…"
        fields={[
          {
            name: "password",
            label: "New password",
            type: "password",
            autoComplete: "new-password",
            hint: `At least ${String(MIN_PASSWORD_LENGTH)} characters. Every session of yours will be signed out.`,
          },
        ]}
      />
    </AuthPage>
  );
}
