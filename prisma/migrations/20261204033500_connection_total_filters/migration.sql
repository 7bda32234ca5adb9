-- Written by hand (Prisma's schema language has no NULLS NOT DISTINCT, partial or INCLUDE indexes,
-- nor triggers): exact counts for the admin accounts list ("1–50 of 3,193"), whatever the filters,
-- at 100,000 connections and more.
--
-- ConnectionTotal counted connections by status, mode and readiness. It now counts them by every
-- column the list's filters read except the search and the deadline (lib/data/connection-list.ts):
-- a filtered count is then a sum over a few hundred rows of ConnectionTotal, with the list's own
-- WHERE conditions, instead of a count over every matching connection (53 ms for charges=enabled
-- at 106,250 connections). Each new column holds what those conditions need of StripeConnection's
-- column of that name: requirementsDue and futureRequirementsDue 0 or 1 (> 0 and = 0 keep their
-- meaning), a capability's status 'active', 'inactive' (any other status) or null (unknown), so
-- that ("cardPaymentsStatus" <> 'active' OR "transfersStatus" <> 'active') is true, false or null
-- exactly as for the connection. The collect-then-apply-at-commit mechanism of
-- 20261203110000_connection_total_readiness and 20261203124413_connection_week is kept; only the
-- keys have more parts.

-- No write from here to commit (as in 20261203124413): no change is lost, counted twice, or
-- collected under the old keys and applied under the new ones.
LOCK TABLE "StripeConnection" IN SHARE MODE;

DELETE FROM "ConnectionTotal";
-- The key has nullable columns (a capability Stripe did not report), so it is a unique index, not
-- the primary key: Prisma wants a key of required fields, the surrogate id.
ALTER TABLE "ConnectionTotal" DROP CONSTRAINT "ConnectionTotal_pkey",
  ADD COLUMN "id" SERIAL NOT NULL,
  ADD COLUMN "chargesEnabled" BOOLEAN NOT NULL,
  ADD COLUMN "requirementsDue" INTEGER NOT NULL,
  ADD COLUMN "futureRequirementsDue" INTEGER NOT NULL,
  ADD COLUMN "cardPaymentsStatus" TEXT,
  ADD COLUMN "transfersStatus" TEXT,
  ADD CONSTRAINT "ConnectionTotal_pkey" PRIMARY KEY ("id");
CREATE UNIQUE INDEX "ConnectionTotal_key" ON "ConnectionTotal" ("status", "livemode", "readiness",
  "chargesEnabled", "requirementsDue", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus")
  NULLS NOT DISTINCT;

-- A capability's status as ConnectionTotal keeps it.
CREATE FUNCTION "ConnectionTotal_capability"(status text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN status IS NULL THEN NULL WHEN status = 'active' THEN 'active' ELSE 'inactive' END
$$;

INSERT INTO "ConnectionTotal" ("status", "livemode", "readiness", "chargesEnabled", "requirementsDue",
  "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "count")
SELECT "status", "livemode", "readiness", "chargesEnabled", least("requirementsDue", 1),
  least("futureRequirementsDue", 1), "ConnectionTotal_capability"("cardPaymentsStatus"),
  "ConnectionTotal_capability"("transfersStatus"), count(*)
FROM "StripeConnection" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- The keys a connection counts under: 'total|STATUS|livemode|READINESS|chargesEnabled|
-- requirementsDue|futureRequirementsDue|card|transfers' (a null status as '-': concat_ws skips
-- nulls), and its weeks as before.
DROP FUNCTION "StripeConnection_total_keys"("ConnectionStatus", boolean, "Readiness", timestamp(3), timestamp(3));
CREATE FUNCTION "StripeConnection_total_keys"(
  status "ConnectionStatus", livemode boolean, readiness "Readiness", charges_enabled boolean,
  requirements_due integer, future_requirements_due integer, card_payments_status text,
  transfers_status text, connected_at timestamp(3), disconnected_at timestamp(3)
) RETURNS SETOF text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', 'total', status, livemode, readiness, charges_enabled,
    least(requirements_due, 1), least(future_requirements_due, 1),
    coalesce("ConnectionTotal_capability"(card_payments_status), '-'),
    coalesce("ConnectionTotal_capability"(transfers_status), '-'))
  UNION ALL SELECT concat_ws('|', 'week', 'CONNECTIONS', to_char(date_trunc('week', connected_at), 'YYYY-MM-DD'))
  UNION ALL SELECT concat_ws('|', 'week', 'REVOCATIONS', to_char(date_trunc('week', disconnected_at), 'YYYY-MM-DD'))
    WHERE status = 'REVOKED' AND disconnected_at IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION "StripeConnection_total_collect"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, n) FROM (
      SELECT k, count(*) AS n FROM new_rows AS r, "StripeConnection_total_keys"(
        r."status", r."livemode", r."readiness", r."chargesEnabled", r."requirementsDue",
        r."futureRequirementsDue", r."cardPaymentsStatus", r."transfersStatus",
        r."connectedAt", r."disconnectedAt") AS k
      GROUP BY 1) AS s));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, -n) FROM (
      SELECT k, count(*) AS n FROM old_rows AS r, "StripeConnection_total_keys"(
        r."status", r."livemode", r."readiness", r."chargesEnabled", r."requirementsDue",
        r."futureRequirementsDue", r."cardPaymentsStatus", r."transfersStatus",
        r."connectedAt", r."disconnectedAt") AS k
      GROUP BY 1) AS s));
  ELSE
    -- One row whose keys may have changed (the trigger's WHEN: a column they depend on did).
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, n) FROM (
      SELECT k, sum(d) AS n FROM (
        SELECT k, 1 AS d FROM "StripeConnection_total_keys"(
          NEW."status", NEW."livemode", NEW."readiness", NEW."chargesEnabled", NEW."requirementsDue",
          NEW."futureRequirementsDue", NEW."cardPaymentsStatus", NEW."transfersStatus",
          NEW."connectedAt", NEW."disconnectedAt") AS k
        UNION ALL
        SELECT k, -1 FROM "StripeConnection_total_keys"(
          OLD."status", OLD."livemode", OLD."readiness", OLD."chargesEnabled", OLD."requirementsDue",
          OLD."futureRequirementsDue", OLD."cardPaymentsStatus", OLD."transfersStatus",
          OLD."connectedAt", OLD."disconnectedAt") AS k
      ) AS d GROUP BY 1 HAVING sum(d) <> 0) AS s));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "StripeConnection_total_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text := current_setting('seller_connect.connection_total_changes', true);
BEGIN
  IF changes IS NULL OR changes IN ('', '{}') THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('seller_connect.connection_total_changes', '', true);
  INSERT INTO "ConnectionTotal" AS t ("status", "livemode", "readiness", "chargesEnabled",
    "requirementsDue", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "count")
  SELECT split_part(key, '|', 2)::"ConnectionStatus", split_part(key, '|', 3)::boolean,
    split_part(key, '|', 4)::"Readiness", split_part(key, '|', 5)::boolean,
    split_part(key, '|', 6)::int, split_part(key, '|', 7)::int,
    nullif(split_part(key, '|', 8), '-'), nullif(split_part(key, '|', 9), '-'), value::int
  FROM jsonb_each_text(changes::jsonb) WHERE split_part(key, '|', 1) = 'total'
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("status", "livemode", "readiness", "chargesEnabled", "requirementsDue",
    "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus")
  DO UPDATE SET "count" = t."count" + excluded."count";
  INSERT INTO "ConnectionWeek" AS w ("week", "kind", "count")
  SELECT split_part(key, '|', 3)::date::timestamp(3), split_part(key, '|', 2)::"ConnectionWeekKind",
    value::int
  FROM jsonb_each_text(changes::jsonb) WHERE split_part(key, '|', 1) = 'week'
  ORDER BY 1, 2
  ON CONFLICT ("week", "kind") DO UPDATE SET "count" = w."count" + excluded."count";
  RETURN NULL;
END $$;

-- Whether an update moves a connection to other keys: a total or a week it counts in. One rule for
-- both triggers' WHEN (requirementsDue from 2 to 3 changes no key, so nothing is collected).
CREATE FUNCTION "StripeConnection_total_changed"(old_row "StripeConnection", new_row "StripeConnection")
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT ARRAY(SELECT "StripeConnection_total_keys"(
      old_row."status", old_row."livemode", old_row."readiness", old_row."chargesEnabled",
      old_row."requirementsDue", old_row."futureRequirementsDue", old_row."cardPaymentsStatus",
      old_row."transfersStatus", old_row."connectedAt", old_row."disconnectedAt") ORDER BY 1)
    IS DISTINCT FROM ARRAY(SELECT "StripeConnection_total_keys"(
      new_row."status", new_row."livemode", new_row."readiness", new_row."chargesEnabled",
      new_row."requirementsDue", new_row."futureRequirementsDue", new_row."cardPaymentsStatus",
      new_row."transfersStatus", new_row."connectedAt", new_row."disconnectedAt") ORDER BY 1)
$$;

-- Updates: also of the columns of the new key parts.
DROP TRIGGER "StripeConnection_total_update" ON "StripeConnection";
DROP TRIGGER "StripeConnection_total_apply_update" ON "StripeConnection";
CREATE TRIGGER "StripeConnection_total_update"
  AFTER UPDATE OF "status", "livemode", "readiness", "chargesEnabled", "requirementsDue",
    "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "connectedAt", "disconnectedAt"
  ON "StripeConnection" FOR EACH ROW
  WHEN ("StripeConnection_total_changed"(OLD, NEW))
  EXECUTE FUNCTION "StripeConnection_total_collect"();
CREATE CONSTRAINT TRIGGER "StripeConnection_total_apply_update"
  AFTER UPDATE OF "status", "livemode", "readiness", "chargesEnabled", "requirementsDue",
    "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "connectedAt", "disconnectedAt"
  ON "StripeConnection"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN ("StripeConnection_total_changed"(OLD, NEW))
  EXECUTE FUNCTION "StripeConnection_total_apply"();

-- The deadline filter's exact count (its window moves with now, so no total can hold it): the
-- connections with a deadline, in deadline order, with every other filtered column, so that
-- "nextDeadline" <= the window's end is one range of this index, read index-only (37 ms walking
-- the deadline index of 20261203095500 in connectedAt order at 106,250 connections). The search
-- text is left out: a search with a deadline is counted through the trigram index, up to the cap.
CREATE INDEX "StripeConnection_deadline_nextDeadline_idx" ON "StripeConnection" ("nextDeadline")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus")
  WHERE "nextDeadline" IS NOT NULL;
