import { Details } from "@/components/admin/account/details";
import { UnblockButton } from "@/components/admin/account/unblock-button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { ConnectBlock } from "@/lib/data/connect-blocks";
import type { User } from "@/lib/generated/prisma/client";
import { formatDateTime } from "@/lib/format";
import type { FormAction } from "@/lib/http/form-state";

/**
 * The account page's active blocks on this seller or this Stripe account: who set each and when,
 * the internal reason, what the seller reads, and "Unblock".
 */
export function ConnectBlocks({
  blocks,
  seller,
  stripeAccountId,
  connectionId,
  actors,
  unblockAction,
}: {
  blocks: ConnectBlock[];
  seller: { id: string };
  stripeAccountId: string;
  connectionId: string;
  actors: Map<string, Pick<User, "name" | "email">>;
  unblockAction: FormAction;
}) {
  if (blocks.length === 0) return null;
  return (
    <div className="mb-6" data-testid="connect-blocks">
      <Card
        title="Reconnection blocked"
        description="While a block is active, its seller cannot connect any Stripe account, and nobody can connect its Stripe account."
      >
        <div className="space-y-5">
          {blocks.map((block) => {
            const by = actors.get(block.createdById);
            return (
              <div key={block.id} className="space-y-3" data-testid="connect-block">
                <div className="flex flex-wrap gap-2">
                  <Badge tone="danger">Blocked</Badge>
                  {block.userId === seller.id ? <Badge>This seller</Badge> : null}
                  {block.stripeAccountId === stripeAccountId ? (
                    <Badge>This Stripe account</Badge>
                  ) : null}
                </div>
                <Details
                  items={[
                    ["Blocked by", by ? (by.name ?? by.email) : "A deleted user"],
                    ["Since", formatDateTime(block.createdAt)],
                    [
                      "Stripe account",
                      <span key="a" className="font-mono text-xs">
                        {block.stripeAccountId}
                      </span>,
                    ],
                    ["Internal reason", block.reason],
                    ["Message to the seller", block.sellerMessage],
                  ]}
                />
                <UnblockButton
                  action={unblockAction}
                  blockId={block.id}
                  connectionId={connectionId}
                />
              </div>
            );
          })}
        </div>
      </Card>
    </div>
  );
}
