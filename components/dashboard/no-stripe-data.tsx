import Link from "next/link";
import type { ReactNode } from "react";
import type { SellerBlockNotice } from "@/components/connect/connection-card";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";

/**
 * The dashboard when the marketplace has no access to a Stripe account: none connected, or access
 * ended. `revokedBecause`: the revocation's reason (REVOCATION_REASONS), stored or as Stripe
 * just answered; `blocked`, an admin's block on connecting (their message to the seller);
 * `children`, what the page still has to do about it (RecordLostAccess).
 */
export function NoStripeData({
  revokedBecause,
  blocked,
  children,
}: {
  revokedBecause?: string;
  blocked?: SellerBlockNotice | null;
  children?: ReactNode;
}) {
  if (blocked) {
    return (
      <Card
        title="Connecting Stripe is blocked"
        description={`${blocked.sellerMessage} ${blocked.support}`}
      >
        <Link href="/settings" className={buttonStyles.secondary} data-testid="dashboard-status">
          Go to Settings
        </Link>
      </Card>
    );
  }
  return (
    <Card
      title={revokedBecause ? "Stripe access was revoked" : "No Stripe account connected"}
      description={
        revokedBecause
          ? `${revokedBecause}. The marketplace can no longer show your Stripe account's data or pay you through it. Connect again from Settings.`
          : "Connect your Stripe account in Settings to see your balance, payments and payouts here."
      }
    >
      <Link href="/settings" className={buttonStyles.primary} data-testid="dashboard-status">
        {revokedBecause ? "Reconnect in Settings" : "Go to Settings"}
      </Link>
      {children}
    </Card>
  );
}
