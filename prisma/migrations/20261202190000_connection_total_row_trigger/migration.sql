-- ConnectionTotal's update trigger, only for updates that move a connection between totals.
--
-- The statement-level AFTER UPDATE trigger ran on every statement that updates StripeConnection,
-- whatever it changed, and had every updated row copied into its transition tables: the webhook
-- statement (lib/data/webhook-batch.ts) updates connections on nearly every delivery (lastEventAt,
-- snapshots) and paid for both each time, although it never changes a status or a mode. A trigger
-- with transition tables cannot be limited to columns, so updates count row by row instead: only
-- an UPDATE that sets "status" or "livemode" fires it, and only for a row where either changed.
-- Inserts and deletes stay counted per statement.
CREATE OR REPLACE FUNCTION "StripeConnection_count"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    -- One row that moved from one total to another (the trigger's WHEN), both locked in one order.
    INSERT INTO "ConnectionTotal" AS t ("status", "livemode", "count")
    SELECT m."status", m."livemode", m.delta
    FROM (VALUES (OLD."status", OLD."livemode", -1), (NEW."status", NEW."livemode", 1))
      AS m("status", "livemode", delta)
    ORDER BY 1, 2
    ON CONFLICT ("status", "livemode") DO UPDATE SET "count" = t."count" + excluded."count";
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER "StripeConnection_count_update" ON "StripeConnection";
CREATE TRIGGER "StripeConnection_count_update" AFTER UPDATE OF "status", "livemode"
  ON "StripeConnection" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."livemode" IS DISTINCT FROM NEW."livemode")
  EXECUTE FUNCTION "StripeConnection_count"();
