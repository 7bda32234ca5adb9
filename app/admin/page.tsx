import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { countUsersByRole } from "@/lib/data/users";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminOverviewPage() {
  await requireAdmin("/admin");
  const counts = await countUsersByRole();
  const count = (role: "SELLER" | "ADMIN") => counts.find((c) => c.role === role)?._count ?? 0;
  return (
    <>
      <PageHeader title="Platform overview" description="Sellers and their Stripe connections." />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card
          title="Sellers"
          description={
            <span className="text-3xl font-semibold text-slate-900">{count("SELLER")}</span>
          }
        />
        <Card
          title="Admins"
          description={
            <span className="text-3xl font-semibold text-slate-900">{count("ADMIN")}</span>
          }
        />
      </div>
      <p className="mt-6 text-sm">
        <Link href="/admin/accounts" className="font-medium text-brand-700 underline">
          Browse all accounts
        </Link>
      </p>
    </>
  );
}
