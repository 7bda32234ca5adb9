-- The admin audit log (/admin/audit, lib/data/audit-log.ts): every entry newest first, or those of
-- one actor, one action, one seller or one stripe account, a page at a time by keyset on
-- (createdAt, id). Each index is one range per filter, already in the page's order, walked from
-- the cursor: no page reads the whole table, however many entries it holds. A date range is a
-- range of createdAt within any of them. (The history of one connection keeps its own index.)

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_id_idx" ON "AuditEvent"("createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_createdAt_id_idx" ON "AuditEvent"("actorId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_createdAt_id_idx" ON "AuditEvent"("action", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_subjectUserId_createdAt_id_idx" ON "AuditEvent"("subjectUserId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_stripeAccountId_createdAt_id_idx" ON "AuditEvent"("stripeAccountId", "createdAt", "id");
