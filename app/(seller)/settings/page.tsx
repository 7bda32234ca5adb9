import type { Metadata } from "next";
import { ConnectionCard } from "@/components/connect/connection-card";
import { ProfileForm } from "@/components/connect/profile-form";
import { OutcomeNotice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getLatestConnection } from "@/lib/data/connections";
import { outcomeMessage } from "@/lib/stripe/connect-outcomes";
import { saveProfile } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ connect?: string; disconnect?: string }>;
}) {
  const user = await requireUser("/settings");
  const params = await searchParams;
  const notice =
    outcomeMessage("connect", params.connect) ?? outcomeMessage("disconnect", params.disconnect);
  const connection = await getLatestConnection(user.id);
  return (
    <>
      <PageHeader title="Settings" description="Your profile and your Stripe connection." />
      <OutcomeNotice notice={notice} />
      <div className="grid gap-6 lg:grid-cols-2">
        <ConnectionCard connection={connection} canConnect={user.role === "SELLER"} />
        <Card
          title="Profile"
          description={
            <>
              {user.email}{" "}
              <Badge tone={user.role === "ADMIN" ? "info" : "neutral"}>
                {user.role === "ADMIN" ? "Platform admin" : "Seller"}
              </Badge>
            </>
          }
        >
          <ProfileForm
            action={saveProfile}
            initial={{
              name: user.name ?? "",
              businessName: user.businessName ?? "",
              websiteUrl: user.websiteUrl ?? "",
            }}
          />
        </Card>
      </div>
    </>
  );
}
