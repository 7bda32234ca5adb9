import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/forms/action-form";
import { AuthPage } from "@/components/auth/auth-page";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import { getCurrentUser } from "@/lib/auth/session";
import { signUp } from "./actions";

export const metadata: Metadata = { title: "Create a seller account" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/settings");
  return (
    <AuthPage
      title="Create a seller account"
      intro={
        <>
          Already have one?{" "}
          <Link href="/sign-in" className="font-medium text-brand-700 underline">
            Sign in
          </Link>
        </>
      }
    >
      <ActionForm
        action={signUp}
        submit="Create account"
        pending="Creating your account…"
        fields={[
          { name: "name", label: "Name", autoComplete: "name" },
          { name: "email", label: "Email", type: "email", autoComplete: "email" },
          {
            name: "password",
            label: "Password",
            type: "password",
            autoComplete: "new-password",
            hint: `At least ${String(MIN_PASSWORD_LENGTH)} characters; a phrase of unrelated words is easy to remember and hard to guess.`,
          },
        ]}
      />
    </AuthPage>
  );
}
