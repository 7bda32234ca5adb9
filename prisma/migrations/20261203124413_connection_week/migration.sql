-- CreateEnum
CREATE TYPE "ConnectionWeekKind" AS ENUM ('CONNECTIONS', 'REVOCATIONS');

-- CreateTable
CREATE TABLE "ConnectionWeek" (
    "week" TIMESTAMP(3) NOT NULL,
    "kind" "ConnectionWeekKind" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ConnectionWeek_pkey" PRIMARY KEY ("week","kind")
);

-- Written by hand from here on: ConnectionWeek is kept exact by the mechanism that keeps
-- ConnectionTotal (migration 20261203110000_connection_total_readiness), extended rather than
-- copied. A transaction's changes to both are collected while it runs, in the transaction-local
-- setting, and applied once at commit, by the same deferred constraint trigger: the totals first,
-- then the weeks, each in key order. Every transaction locks the rows it changes in that one order
-- and only while it commits, so two writers of many connections never deadlock, and none waits for
-- another's open transaction.
--
-- A connection counts in the week of its connectedAt (CONNECTIONS), whatever its status, and, once
-- REVOKED, in the week of its disconnectedAt (REVOCATIONS): what lib/data/connection-stats.ts's
-- chart counted with a scan of the last 12 weeks' connections. A backdated connection (an import,
-- the seed) counts in its own past week. The pending changes are keyed 'total|STATUS|livemode|
-- READINESS' and 'week|KIND|week start'; a change that moves a row within its week cancels out.

-- No write from here to commit, so that no week is lost or counted twice, and no transaction
-- collects its changes under the old keys and applies them under the new ones (a writer open now
-- commits first, with the old functions).
LOCK TABLE "StripeConnection" IN SHARE MODE;

-- The keys a connection counts under (each once). A week is its Monday as YYYY-MM-DD, which reads
-- back the same whatever the session's DateStyle.
CREATE FUNCTION "StripeConnection_total_keys"(
  status "ConnectionStatus", livemode boolean, readiness "Readiness",
  connected_at timestamp(3), disconnected_at timestamp(3)
) RETURNS SETOF text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', 'total', status, livemode, readiness)
  UNION ALL SELECT concat_ws('|', 'week', 'CONNECTIONS', to_char(date_trunc('week', connected_at), 'YYYY-MM-DD'))
  UNION ALL SELECT concat_ws('|', 'week', 'REVOCATIONS', to_char(date_trunc('week', disconnected_at), 'YYYY-MM-DD'))
    WHERE status = 'REVOKED' AND disconnected_at IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION "StripeConnection_total_collect"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, n) FROM (
      SELECT k, count(*) AS n FROM new_rows AS r, "StripeConnection_total_keys"(
        r."status", r."livemode", r."readiness", r."connectedAt", r."disconnectedAt") AS k
      GROUP BY 1) AS s));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, -n) FROM (
      SELECT k, count(*) AS n FROM old_rows AS r, "StripeConnection_total_keys"(
        r."status", r."livemode", r."readiness", r."connectedAt", r."disconnectedAt") AS k
      GROUP BY 1) AS s));
  ELSE
    -- One row whose keys may have changed (the trigger's WHEN: a column they depend on did).
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, n) FROM (
      SELECT k, sum(d) AS n FROM (
        SELECT k, 1 AS d FROM "StripeConnection_total_keys"(
          NEW."status", NEW."livemode", NEW."readiness", NEW."connectedAt", NEW."disconnectedAt") AS k
        UNION ALL
        SELECT k, -1 FROM "StripeConnection_total_keys"(
          OLD."status", OLD."livemode", OLD."readiness", OLD."connectedAt", OLD."disconnectedAt") AS k
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
  INSERT INTO "ConnectionTotal" AS t ("status", "livemode", "readiness", "count")
  SELECT split_part(key, '|', 2)::"ConnectionStatus", split_part(key, '|', 3)::boolean,
    split_part(key, '|', 4)::"Readiness", value::int
  FROM jsonb_each_text(changes::jsonb) WHERE split_part(key, '|', 1) = 'total'
  ORDER BY 1, 2, 3
  ON CONFLICT ("status", "livemode", "readiness") DO UPDATE SET "count" = t."count" + excluded."count";
  INSERT INTO "ConnectionWeek" AS w ("week", "kind", "count")
  SELECT split_part(key, '|', 3)::date::timestamp(3), split_part(key, '|', 2)::"ConnectionWeekKind",
    value::int
  FROM jsonb_each_text(changes::jsonb) WHERE split_part(key, '|', 1) = 'week'
  ORDER BY 1, 2
  ON CONFLICT ("week", "kind") DO UPDATE SET "count" = w."count" + excluded."count";
  RETURN NULL;
END $$;

-- Updates: also when a connection's connectedAt or disconnectedAt changes (a week it counts in).
DROP TRIGGER "StripeConnection_total_update" ON "StripeConnection";
DROP TRIGGER "StripeConnection_total_apply_update" ON "StripeConnection";
CREATE TRIGGER "StripeConnection_total_update"
  AFTER UPDATE OF "status", "livemode", "readiness", "connectedAt", "disconnectedAt"
  ON "StripeConnection" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."livemode" IS DISTINCT FROM NEW."livemode"
    OR OLD."readiness" IS DISTINCT FROM NEW."readiness"
    OR OLD."connectedAt" IS DISTINCT FROM NEW."connectedAt"
    OR OLD."disconnectedAt" IS DISTINCT FROM NEW."disconnectedAt")
  EXECUTE FUNCTION "StripeConnection_total_collect"();
CREATE CONSTRAINT TRIGGER "StripeConnection_total_apply_update"
  AFTER UPDATE OF "status", "livemode", "readiness", "connectedAt", "disconnectedAt"
  ON "StripeConnection"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."livemode" IS DISTINCT FROM NEW."livemode"
    OR OLD."readiness" IS DISTINCT FROM NEW."readiness"
    OR OLD."connectedAt" IS DISTINCT FROM NEW."connectedAt"
    OR OLD."disconnectedAt" IS DISTINCT FROM NEW."disconnectedAt")
  EXECUTE FUNCTION "StripeConnection_total_apply"();

-- The weeks so far.
INSERT INTO "ConnectionWeek" ("week", "kind", "count")
SELECT date_trunc('week', "connectedAt"), 'CONNECTIONS', count(*) FROM "StripeConnection" GROUP BY 1;
INSERT INTO "ConnectionWeek" ("week", "kind", "count")
SELECT date_trunc('week', "disconnectedAt"), 'REVOCATIONS', count(*) FROM "StripeConnection"
WHERE "status" = 'REVOKED' AND "disconnectedAt" IS NOT NULL GROUP BY 1;
