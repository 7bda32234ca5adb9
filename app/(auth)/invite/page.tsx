import type { Metadata } from "next";
import Link from "next/link";
import { AuthPage } from "@/components/auth/auth-page";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/auth/session";
import { findUsableEmailToken } from "@/lib/data/email-tokens";
import { acceptInvite } from "./actions";

export const metadata: Metadata = { title: "Admin invitation" };

const link = "font-medium text-brand-700 underline";

export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const token = (await searchParams).token ?? "";
  const invite = token ? await findUsableEmailToken("ADMIN_INVITE", token) : null;
  const title = "Become a platform admin";
  if (!invite) {
    return (
      <AuthPage title={title}>
        <Alert tone="error">
          This invitation cannot be used: it was used or withdrawn, or it expired. Ask an admin for
          a new one.
        </Alert>
      </AuthPage>
    );
  }
  const here = `/invite?token=${encodeURIComponent(token)}`;
  const user = await getCurrentUser();
  if (!user) {
    return (
      <AuthPage title={title} intro={`This invitation is for ${invite.email}.`}>
        <p className="text-sm text-slate-700">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className={link}>
            Sign in as {invite.email}
          </Link>{" "}
          to accept it. No account yet?{" "}
          <Link href="/sign-up" className={link}>
            Create one with this address
          </Link>
          , then open this link again.
        </p>
      </AuthPage>
    );
  }
  if (user.email !== invite.email) {
    return (
      <AuthPage title={title}>
        <Alert tone="error">
          This invitation is for {invite.email}, and you are signed in as {user.email}. Sign out,
          then sign in as {invite.email} to accept it.
        </Alert>
      </AuthPage>
    );
  }
  return (
    <AuthPage
      title={title}
      intro={`As a platform admin, ${user.email} will see and manage every seller's Stripe connection.`}
    >
      <ActionForm action={acceptInvite} hidden={{ token }} submit="Accept" pending="Accepting…" />
    </AuthPage>
  );
}
