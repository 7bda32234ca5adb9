-- Written by hand (Prisma's schema language has no partial or INCLUDE indexes): a rarer filter (a
-- deadline, an inactive capability) combined with an ended status at 1,000,000 connections.
--
-- `deadline=7&status=revoked` walked the deadline index (every connection with a deadline, most of
-- them connected) and kept the revoked ones: a count read some 45,000 entries (37 ms). Likewise
-- `capability=inactive&status=revoked&mode=test` walked the capability index (22 ms). This index
-- holds only the connections not connected that have a deadline or a capability not active
-- (55,162 of 1,062,500 seeded), by status, then in the list's default order: a status is one
-- range of it, already in connectedAt order, its rows filtered on the included columns
-- (index-only). One index for both filters (its predicate is implied by either one's condition,
-- written as in lib/data/connection-list.ts), and partial on ended connections: the webhook's
-- updates of connected connections write nothing here (issue 12).
CREATE INDEX "StripeConnection_rare_ended_status_connectedAt_idx" ON "StripeConnection" ("status", "connectedAt", "id")
  INCLUDE ("livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus")
  WHERE "status" <> 'CONNECTED'
    AND ("nextDeadline" IS NOT NULL OR "cardPaymentsStatus" <> 'active' OR "transfersStatus" <> 'active');
