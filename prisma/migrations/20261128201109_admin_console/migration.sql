-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'FORCE_DISCONNECT';
ALTER TYPE "AuditAction" ADD VALUE 'REFRESH';
ALTER TYPE "AuditAction" ADD VALUE 'RETRY_EVENT';
ALTER TYPE "AuditAction" ADD VALUE 'EXPORT';

-- AlterTable (edited by hand: existing rows get their seller's name and email before NOT NULL)
ALTER TABLE "StripeConnection" ADD COLUMN     "sellerEmail" TEXT,
ADD COLUMN     "sellerName" TEXT;
UPDATE "StripeConnection" c SET "sellerEmail" = u."email", "sellerName" = u."name"
FROM "User" u WHERE u."id" = c."userId";
ALTER TABLE "StripeConnection" ALTER COLUMN "sellerEmail" SET NOT NULL;

-- CreateTable
CREATE TABLE "ConnectionTotal" (
    "status" "ConnectionStatus" NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ConnectionTotal_pkey" PRIMARY KEY ("status","livemode")
);

-- Written by hand from here on (Prisma's schema language has no generated columns, trigram or
-- expression indexes, INCLUDE, nor triggers): what the admin console needs to stay index-bound
-- however many connections there are.

-- Search: one lower-case column holding every searchable field, trigram-indexed for substring
-- matches (LIKE '%fragment%'). Fields are separated by a newline, which a search never contains,
-- so that a fragment cannot match across two fields.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE "StripeConnection" ADD COLUMN "search" TEXT GENERATED ALWAYS AS (
  lower(coalesce("sellerName", '') || E'\n' || "sellerEmail" || E'\n' || coalesce("businessName", '') || E'\n' || "stripeAccountId")
) STORED;
CREATE INDEX "StripeConnection_search_trgm_idx" ON "StripeConnection" USING gin ("search" gin_trgm_ops);

-- Keyset pagination on each sort, the id breaking ties (scanned forward or backward). Every column
-- a filter or a search reads is included, so that finding a page's ids or counting up to the cap
-- is an index-only scan, whichever filters apply (lastEventAt is included for the same reason: an
-- expression index alone cannot serve an index-only scan).
CREATE INDEX "StripeConnection_connectedAt_id_idx" ON "StripeConnection" ("connectedAt", "id")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "search");
CREATE INDEX "StripeConnection_lastEvent_id_idx" ON "StripeConnection" ((COALESCE("lastEventAt", '-infinity'::timestamp(3))), "id")
  INCLUDE ("lastEventAt", "status", "livemode", "chargesEnabled", "requirementsDue", "search");

-- The overview's revocations over time.
CREATE INDEX "StripeConnection_revoked_disconnectedAt_idx" ON "StripeConnection" ("disconnectedAt")
  WHERE "status" = 'REVOKED';

-- ConnectionTotal stays exact whoever writes StripeConnection (the app, webhooks, a cascade from a
-- deleted user): statement-level triggers add the rows a statement inserted and subtract those it
-- deleted; an update counts as both, and leaves ConnectionTotal untouched (no row lock) when no
-- status or mode changed.
CREATE FUNCTION "StripeConnection_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ConnectionTotal" AS t ("status", "livemode", "count")
    SELECT "status", "livemode", count(*) FROM new_rows GROUP BY 1, 2
    ON CONFLICT ("status", "livemode") DO UPDATE SET "count" = t."count" + excluded."count";
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "ConnectionTotal" t SET "count" = t."count" - d.n
    FROM (SELECT "status", "livemode", count(*) AS n FROM old_rows GROUP BY 1, 2) d
    WHERE t."status" = d."status" AND t."livemode" = d."livemode";
  ELSE
    INSERT INTO "ConnectionTotal" AS t ("status", "livemode", "count")
    SELECT "status", "livemode", sum(delta) FROM (
      SELECT "status", "livemode", 1 AS delta FROM new_rows
      UNION ALL SELECT "status", "livemode", -1 FROM old_rows
    ) d GROUP BY 1, 2 HAVING sum(delta) <> 0
    ON CONFLICT ("status", "livemode") DO UPDATE SET "count" = t."count" + excluded."count";
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "StripeConnection_count_insert" AFTER INSERT ON "StripeConnection"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "StripeConnection_count"();
CREATE TRIGGER "StripeConnection_count_update" AFTER UPDATE ON "StripeConnection"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "StripeConnection_count"();
CREATE TRIGGER "StripeConnection_count_delete" AFTER DELETE ON "StripeConnection"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "StripeConnection_count"();
INSERT INTO "ConnectionTotal" ("status", "livemode", "count")
SELECT "status", "livemode", count(*) FROM "StripeConnection" GROUP BY 1, 2;
