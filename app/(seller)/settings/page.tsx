import type { Metadata } from "next";
import Link from "next/link";
import { ConnectionCard } from "@/components/connect/connection-card";
import { ProfileForm } from "@/components/connect/profile-form";
import { OutcomeNotice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getSellerBlock } from "@/lib/data/connect-blocks";
import { getLatestConnection } from "@/lib/data/connections";
import { supportContact } from "@/lib/support";
import { connectNotice, outcomeMessage } from "@/lib/stripe/connect-outcomes";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { getUnconfirmedAttempt } from "@/lib/data/oauth-states";
import { ConfirmConnectionCheck } from "@/components/connect/confirm-connection-check";
import {
  checkUnconfirmedConnection,
  resendVerification,
  saveProfile,
  signOutEverywhere,
} from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{
    connect?: string;
    disconnect?: string;
    verified?: string;
    checked?: string;
  }>;
}) {
  const user = await requireUser("/settings");
  const params = await searchParams;
  const connection = await getLatestConnection(user.id);
  const connected = connectNotice(
    params.connect,
    connection?.status === "CONNECTED" ? connection.readiness : null,
  );
  const notice =
    connected && params.connect === "account_blocked"
      ? { ...connected, message: `${connected.message} ${supportContact()}` }
      : (connected ?? outcomeMessage("disconnect", params.disconnect));
  const seller = user.role === "SELLER";
  const [unconfirmed, block] = seller
    ? await Promise.all([getUnconfirmedAttempt(user.id), getSellerBlock(user.id)])
    : [null, null];
  // Connecting Stripe is a seller's: an admin sees no connection card (unless one made while a
  // seller is still live, which they may disconnect), and is told where sellers' connections are.
  const showConnection = seller || connection?.status === "CONNECTED";
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          showConnection ? (
            "Your profile and your Stripe connection."
          ) : (
            <>
              Your profile and sessions. Platform admins have no Stripe connection of their own:
              sellers&apos; connections are under{" "}
              <Link href="/admin/accounts" className="font-medium text-brand-700 underline">
                Accounts
              </Link>
              .
            </>
          )
        }
      />
      <OutcomeNotice
        notice={
          notice ??
          (params.verified
            ? { tone: "success", message: "Your email address is confirmed." }
            : null)
        }
      />
      {unconfirmed ? (
        <ConfirmConnectionCheck
          action={checkUnconfirmedConnection}
          autoCheck={params.checked === undefined}
        />
      ) : null}
      {user.emailVerified ? null : (
        <div className="mb-6">
          <Alert tone="info">
            Confirm your email address: open the link we emailed to {user.email}.
            {user.role === "SELLER" ? " You can connect Stripe once it is confirmed." : ""}
          </Alert>
          <div className="mt-3">
            <ActionForm
              action={resendVerification}
              submit="Send the link again"
              pending="Sending…"
              variant="secondary"
              fullWidth={false}
            />
          </div>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        {showConnection ? (
          <ConnectionCard
            connection={connection}
            canConnect={seller}
            blocked={block && { sellerMessage: block.sellerMessage, support: supportContact() }}
          />
        ) : null}
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
        <Card
          title="Sessions"
          description="Signs you out on every device and browser, this one included."
        >
          <ActionForm
            action={signOutEverywhere}
            submit="Sign out everywhere"
            pending="Signing out…"
            variant="secondary"
            fullWidth={false}
          />
        </Card>
      </div>
    </>
  );
}
