import type { Metadata } from "next";
import { DependenciesCard } from "@/components/admin/system/dependencies";
import { StripeApiErrorsCard } from "@/components/admin/system/stripe-api-errors";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { summarizeStripeApiErrors } from "@/lib/data/stripe-api-errors";
import { checkReadiness } from "@/lib/health";

export const metadata: Metadata = { title: "System" };

export default async function SystemPage() {
  await requireAdmin("/admin/system");
  const [readiness, stripeErrors] = await Promise.all([
    checkReadiness(),
    summarizeStripeApiErrors(),
  ]);
  return (
    <>
      <PageHeader
        title="System"
        description="Background jobs, webhook events that could not be applied, reconcile runs and Stripe's answers."
      />
      <div className="grid gap-6">
        <DependenciesCard readiness={readiness} />
        <StripeApiErrorsCard summary={stripeErrors} />
      </div>
    </>
  );
}
