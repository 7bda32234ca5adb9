-- CreateIndex
CREATE INDEX "StripeConnection_readiness_connectedAt_id_idx" ON "StripeConnection"("readiness", "connectedAt", "id");
