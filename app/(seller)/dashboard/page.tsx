import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/styles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requireUser("/dashboard");
  return (
    <>
      <PageHeader title="Dashboard" description="Your Stripe balance, payments and payouts." />
      <Card
        title="No Stripe account connected"
        description="Connect your Stripe account in Settings to see your balance, payments and payouts here."
      >
        <Link href="/settings" className={buttonStyles.primary}>
          Go to Settings
        </Link>
      </Card>
    </>
  );
}
