import type { Metadata } from "next";
import Link from "next/link";
import { AuthPage } from "@/components/auth/auth-page";
import { ActionForm } from "@/components/forms/action-form";
import { signInPath } from "@/lib/auth/prefill";
import { prefilledEmail } from "@/lib/auth/schemas";
import { forgotPassword } from "./actions";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string }>;
}) {
  const email = prefilledEmail((await searchParams).email);
  return (
    <AuthPage
      title="Forgot your password?"
      intro={
        <>
          We'll email you a link to choose a new one.{" "}
          <Link href={signInPath(email)} className="font-medium text-brand-700 underline">
            Back to sign in
          </Link>
        </>
      }
    >
      <ActionForm
        action={forgotPassword}
        submit="Send the link"
        pending="Sending…"
        fields={[
          {
            name: "email",
            label: "Email",
            type: "email",
            autoComplete: "email",
            defaultValue: email,
          },
        ]}
      />
    </AuthPage>
  );
}
