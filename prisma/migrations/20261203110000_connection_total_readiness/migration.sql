-- ConnectionTotal counts connections by readiness too (the overview's "connected accounts by
-- readiness"), and is kept exact without deadlocks (written by hand).
--
-- Until now each statement, or each updated row, added its changes to ConnectionTotal as it ran,
-- locking the total rows it touched until commit, in the order the rows came. Two transactions
-- that each change several connections (a webhook batch, several app instances) could then lock
-- two totals in opposite orders and deadlock. Now the changes of a transaction are only collected
-- while it runs, in a transaction-local setting (no row is locked, nothing is written), and added
-- to ConnectionTotal once, at commit, in one statement, in key order: every transaction locks the
-- totals it changes in the same order and holds them only while it commits, so none waits for
-- another that waits for it. Nothing serialises writes that change no total.
--
-- - inserts and deletes: collected per statement, from its transition tables;
-- - updates: collected per row, only for rows whose status, mode or readiness changed (a trigger
--   with transition tables cannot be limited to columns, and would copy every row the webhook
--   statement updates);
-- - at commit: a deferred constraint trigger (constraint triggers are per row) of each collected
--   change; the first one applies them all and clears the setting, the others find nothing.

DROP TRIGGER "StripeConnection_count_insert" ON "StripeConnection";
DROP TRIGGER "StripeConnection_count_update" ON "StripeConnection";
DROP TRIGGER "StripeConnection_count_delete" ON "StripeConnection";
DROP FUNCTION "StripeConnection_count"();

-- No write while the totals are recounted, so that none is lost or counted twice.
LOCK TABLE "StripeConnection" IN SHARE MODE;
DELETE FROM "ConnectionTotal";
ALTER TABLE "ConnectionTotal" DROP CONSTRAINT "ConnectionTotal_pkey",
  ADD COLUMN "readiness" "Readiness" NOT NULL,
  ADD CONSTRAINT "ConnectionTotal_pkey" PRIMARY KEY ("status", "livemode", "readiness");
INSERT INTO "ConnectionTotal" ("status", "livemode", "readiness", "count")
SELECT "status", "livemode", "readiness", count(*) FROM "StripeConnection" GROUP BY 1, 2, 3;

-- Adds `changes` ({"STATUS|livemode|READINESS": delta}) to this transaction's pending changes.
CREATE FUNCTION "ConnectionTotal_collect"(changes jsonb) RETURNS void LANGUAGE sql AS $$
  SELECT set_config('seller_connect.connection_total_changes', (
    SELECT coalesce(jsonb_object_agg(key, n), '{}')::text FROM (
      SELECT key, sum(value::int) AS n FROM (
        SELECT * FROM jsonb_each_text(coalesce(
          nullif(current_setting('seller_connect.connection_total_changes', true), '')::jsonb, '{}'))
        UNION ALL SELECT * FROM jsonb_each_text(changes)
      ) AS d GROUP BY key HAVING sum(value::int) <> 0
    ) AS s), true)
$$;

CREATE FUNCTION "StripeConnection_total_collect"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, n) FROM (
      SELECT concat_ws('|', "status", "livemode", "readiness") AS k, count(*) AS n
      FROM new_rows GROUP BY 1) AS s));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "ConnectionTotal_collect"((SELECT jsonb_object_agg(k, -n) FROM (
      SELECT concat_ws('|', "status", "livemode", "readiness") AS k, count(*) AS n
      FROM old_rows GROUP BY 1) AS s));
  ELSE
    -- One row that moved from one total to another (the trigger's WHEN: the keys differ).
    PERFORM "ConnectionTotal_collect"(jsonb_build_object(
      concat_ws('|', OLD."status", OLD."livemode", OLD."readiness"), -1,
      concat_ws('|', NEW."status", NEW."livemode", NEW."readiness"), 1));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "StripeConnection_total_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text := current_setting('seller_connect.connection_total_changes', true);
BEGIN
  IF changes IS NULL OR changes IN ('', '{}') THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('seller_connect.connection_total_changes', '', true);
  INSERT INTO "ConnectionTotal" AS t ("status", "livemode", "readiness", "count")
  SELECT split_part(key, '|', 1)::"ConnectionStatus", split_part(key, '|', 2)::boolean,
    split_part(key, '|', 3)::"Readiness", value::int
  FROM jsonb_each_text(changes::jsonb)
  ORDER BY 1, 2, 3
  ON CONFLICT ("status", "livemode", "readiness") DO UPDATE SET "count" = t."count" + excluded."count";
  RETURN NULL;
END $$;

CREATE TRIGGER "StripeConnection_total_insert" AFTER INSERT ON "StripeConnection"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "StripeConnection_total_collect"();
CREATE TRIGGER "StripeConnection_total_delete" AFTER DELETE ON "StripeConnection"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "StripeConnection_total_collect"();
CREATE TRIGGER "StripeConnection_total_update" AFTER UPDATE OF "status", "livemode", "readiness"
  ON "StripeConnection" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."livemode" IS DISTINCT FROM NEW."livemode"
    OR OLD."readiness" IS DISTINCT FROM NEW."readiness")
  EXECUTE FUNCTION "StripeConnection_total_collect"();

CREATE CONSTRAINT TRIGGER "StripeConnection_total_apply_insert" AFTER INSERT ON "StripeConnection"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "StripeConnection_total_apply"();
CREATE CONSTRAINT TRIGGER "StripeConnection_total_apply_delete" AFTER DELETE ON "StripeConnection"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "StripeConnection_total_apply"();
CREATE CONSTRAINT TRIGGER "StripeConnection_total_apply_update"
  AFTER UPDATE OF "status", "livemode", "readiness" ON "StripeConnection"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."livemode" IS DISTINCT FROM NEW."livemode"
    OR OLD."readiness" IS DISTINCT FROM NEW."readiness")
  EXECUTE FUNCTION "StripeConnection_total_apply"();
