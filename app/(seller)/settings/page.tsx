import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  return (
    <>
      <PageHeader title="Settings" description="Your profile and your Stripe connection." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Profile">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600">Name</dt>
            <dd className="font-medium">{user.name ?? "—"}</dd>
            <dt className="text-slate-600">Email</dt>
            <dd className="font-medium">{user.email}</dd>
            <dt className="text-slate-600">Role</dt>
            <dd>
              <Badge tone={user.role === "ADMIN" ? "info" : "neutral"}>
                {user.role === "ADMIN" ? "Platform admin" : "Seller"}
              </Badge>
            </dd>
          </dl>
        </Card>
        <Card
          title="Stripe connection"
          description="Connect your Stripe account to get paid on the marketplace."
        >
          <p className="flex items-center gap-2 text-sm" data-testid="connection-status">
            <Badge>Not connected</Badge>
          </p>
        </Card>
      </div>
    </>
  );
}
