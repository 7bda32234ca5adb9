import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthPage } from "@/components/auth/auth-page";
import { SignInForm } from "@/components/auth/sign-in-form";
import { afterSignInPath, parseCallbackPath } from "@/lib/auth/redirects";
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
  const user = await getCurrentUser();
  if (user) redirect(afterSignInPath(params.callbackUrl, env().APP_URL, user.role));
  // Without a page of ours to go back to, the form comes back here once signed in, and the line
  // above sends the user on to their role's home (lib/auth/redirects.ts): the role is known then.
  const callbackPath = parseCallbackPath(params.callbackUrl, env().APP_URL) ?? "/sign-in";
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
