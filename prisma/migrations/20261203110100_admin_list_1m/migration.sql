-- The admin accounts list at 1,000,000 connections (written by hand: Prisma's schema language has
-- no expression, partial or INCLUDE indexes). lib/data/connection-list.ts says which query uses
-- which index.

-- A search starting with "acct_" (an account id, or its start): every connection's search text
-- has an "acct_", so the trigram index would list them all. It is answered as a prefix of the
-- account id, a range of this index (COLLATE "C": byte order, so a prefix is one range whatever
-- the database's collation) ...
CREATE INDEX "StripeConnection_accountId_prefix_idx" ON "StripeConnection" ((lower("stripeAccountId") COLLATE "C"));

-- ... and from the connections where "acct_" occurs elsewhere than at the start of the account
-- id (in the seller's name or email, the business name, or inside the id), which this partial
-- index lists (next to none: its predicate is connection-list.ts's ACCT_ELSEWHERE, character for
-- character, so that the planner matches them).
CREATE INDEX "StripeConnection_acct_elsewhere_idx" ON "StripeConnection" ("connectedAt", "id")
  WHERE ("search" LIKE E'%acct\\_%\n%' OR lower("stripeAccountId") LIKE '_%acct\_%');

-- A rare combination of filters (revoked + test mode + requirements due): walking the sort index
-- and filtering read most of it (a count: 385 ms). The connections not connected, by status and
-- mode then in connectedAt order: a status, or a status and mode, is one range of it, already in
-- the list's order, its rows filtered on the included columns (index-only). Partial: most
-- connections are connected (their filters are common enough for the sort index), and an update
-- of a connected connection writes nothing here.
CREATE INDEX "StripeConnection_ended_status_mode_connectedAt_idx" ON "StripeConnection" ("status", "livemode", "connectedAt", "id")
  INCLUDE ("chargesEnabled", "requirementsDue") WHERE "status" <> 'CONNECTED';

-- Statistics of the new index's expression (lower("stripeAccountId")), without which the planner
-- cannot tell a long account id prefix is selective; autovacuum only analyses after many writes.
ANALYZE "StripeConnection";
