-- AlterTable
ALTER TABLE "OAuthState" ADD COLUMN     "exchangeTimedOutAt" TIMESTAMP(3),
ADD COLUMN     "failedAt" TIMESTAMP(3),
ADD COLUMN     "stripeAccountId" TEXT;

-- AlterTable
ALTER TABLE "StripeConnection" ADD COLUMN     "disconnectRequestedAction" "AuditAction",
ADD COLUMN     "disconnectRequestedAt" TIMESTAMP(3),
ADD COLUMN     "disconnectRequestedById" TEXT,
ADD COLUMN     "disconnectRequestedReason" TEXT;

-- CreateIndex
CREATE INDEX "WebhookEvent_type_created_idx" ON "WebhookEvent"("type", "created");
