import Link from "next/link";
import { Details } from "@/components/admin/account/details";
import { AccessLostBadge, StatusBadge } from "@/components/admin/badges";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import type { listConnectionsOfSeller } from "@/lib/data/connections";
import type { User } from "@/lib/generated/prisma/client";
import { formatDate } from "@/lib/format";

/** The account page's "Seller" card: who they are, and every connection they have had. */
export function SellerDetails({
  seller,
  connections,
  current,
  accessLost,
}: {
  seller: Pick<User, "id" | "name" | "email" | "role" | "createdAt">;
  connections: Awaited<ReturnType<typeof listConnectionsOfSeller>>;
  /** The page's connection, named "this one" rather than linked. */
  current: string;
  /** Stripe just refused access to the page's connection (see ConnectionDetails). */
  accessLost: boolean;
}) {
  return (
    <Card title="Seller">
      <Details
        items={[
          ["Name", seller.name ?? "—"],
          ["Email", seller.email],
          [
            "Role",
            <Badge key="r" tone={seller.role === "ADMIN" ? "info" : "neutral"}>
              {seller.role === "ADMIN" ? "Admin" : "Seller"}
            </Badge>,
          ],
          ["Joined", formatDate(seller.createdAt)],
          [
            "User id",
            <span key="id" className="inline-flex flex-wrap items-center gap-x-2">
              <span className="font-mono text-xs">{seller.id}</span>
              <CopyButton value={seller.id} label="the user id" />
            </span>,
          ],
        ]}
      />
      <h3 className="mt-5 text-sm font-semibold text-slate-900">All their connections</h3>
      <ul className="mt-2 space-y-1 text-sm">
        {connections.map((other) => (
          <li key={other.id} className="flex flex-wrap items-center gap-2">
            {other.id === current ? (
              <span className="font-mono text-xs">{other.stripeAccountId} (this one)</span>
            ) : (
              <Link
                href={`/admin/accounts/${other.id}`}
                className="font-mono text-xs text-brand-700 underline"
              >
                {other.stripeAccountId}
              </Link>
            )}
            {other.id === current && accessLost ? (
              <AccessLostBadge />
            ) : (
              <StatusBadge status={other.status} />
            )}
            <span className="text-slate-600">since {formatDate(other.connectedAt)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
