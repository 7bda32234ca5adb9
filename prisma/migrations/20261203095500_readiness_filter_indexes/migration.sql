-- Written by hand (Prisma's schema language has no partial or expression indexes, nor INCLUDE):
-- the admin accounts list's deadline, upcoming-requirements and capability filters
-- (lib/data/connection-list.ts) each select a small part of the connections. One partial index per
-- filter and sort, on the sort key and id like the sort indexes of 20261128201109_admin_console,
-- holds only the rows the filter can match, and includes every filtered column (and the search
-- text): a page is an index-only walk of that index from the cursor on, and a capped count stops
-- at the cap, whatever other filters apply. Each WHERE is written exactly as the list's condition
-- (for the deadline: nextDeadline <= the window's end, which implies IS NOT NULL), so the planner
-- can prove the index applies.

CREATE INDEX "StripeConnection_deadline_connectedAt_id_idx" ON "StripeConnection" ("connectedAt", "id")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE "nextDeadline" IS NOT NULL;
CREATE INDEX "StripeConnection_deadline_lastEvent_id_idx" ON "StripeConnection" ((COALESCE("lastEventAt", '-infinity'::timestamp(3))), "id")
  INCLUDE ("lastEventAt", "status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE "nextDeadline" IS NOT NULL;

CREATE INDEX "StripeConnection_upcoming_connectedAt_id_idx" ON "StripeConnection" ("connectedAt", "id")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE "futureRequirementsDue" > 0;
CREATE INDEX "StripeConnection_upcoming_lastEvent_id_idx" ON "StripeConnection" ((COALESCE("lastEventAt", '-infinity'::timestamp(3))), "id")
  INCLUDE ("lastEventAt", "status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE "futureRequirementsDue" > 0;

CREATE INDEX "StripeConnection_capability_connectedAt_id_idx" ON "StripeConnection" ("connectedAt", "id")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE ("cardPaymentsStatus" <> 'active' OR "transfersStatus" <> 'active');
CREATE INDEX "StripeConnection_capability_lastEvent_id_idx" ON "StripeConnection" ((COALESCE("lastEventAt", '-infinity'::timestamp(3))), "id")
  INCLUDE ("lastEventAt", "status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE ("cardPaymentsStatus" <> 'active' OR "transfersStatus" <> 'active');
