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

-- The readiness filter: the (readiness, connectedAt, id) index of 20261202202846 held no other
-- column, so readiness with a status (or any other filter) read the table for every entry, and
-- had no index in last-event order. One per sort, leading with the readiness (an exact range per
-- state), including the filtered columns (not the search text: a search with a readiness filter
-- goes through the trigram index).
DROP INDEX "StripeConnection_readiness_connectedAt_id_idx";
CREATE INDEX "StripeConnection_readiness_connectedAt_id_idx" ON "StripeConnection" ("readiness", "connectedAt", "id")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus");
CREATE INDEX "StripeConnection_readiness_lastEvent_id_idx" ON "StripeConnection" ("readiness", (COALESCE("lastEventAt", '-infinity'::timestamp(3))), "id")
  INCLUDE ("lastEventAt", "status", "livemode", "chargesEnabled", "requirementsDue", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus");
