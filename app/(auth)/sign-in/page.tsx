import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; registered?: string }>;
}) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl, env().APP_URL);
  if (await getCurrentUser()) redirect(callbackPath);
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        New here?{" "}
        <Link href="/sign-up" className="font-medium text-brand-700 underline">
          Create a seller account
        </Link>
      </p>
      <SignInForm callbackPath={callbackPath} />
    </div>
  );
}
