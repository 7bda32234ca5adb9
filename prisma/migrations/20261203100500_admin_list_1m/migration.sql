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
