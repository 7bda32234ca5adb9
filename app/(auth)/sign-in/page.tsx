import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthPage } from "@/components/auth/auth-page";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { prefilledEmail } from "@/lib/auth/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { signInErrorMessage, signInNotice } from "@/lib/auth/sign-in-messages";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; notice?: string; error?: string; email?: string }>;
}) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl, env().APP_URL);
  if (await getCurrentUser()) redirect(callbackPath);
  return (
    <AuthPage
      title="Sign in"
      intro={
        <>
          New here?{" "}
          <Link href="/sign-up" className="font-medium text-brand-700 underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm
        callbackPath={callbackPath}
        notice={signInNotice(params.notice)}
        initialError={signInErrorMessage(params.error)}
        email={prefilledEmail(params.email)}
      />
    </AuthPage>
  );
}
