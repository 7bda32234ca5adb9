import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth/session";
import { signUp } from "./actions";

export const metadata: Metadata = { title: "Create a seller account" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/settings");
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        Create a seller account
      </h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        Already have one?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
      <SignUpForm action={signUp} />
    </div>
  );
}
