-- CreateEnum
CREATE TYPE "ConnectionSource" AS ENUM ('OAUTH', 'CREATED');

-- CreateEnum
CREATE TYPE "StatePurpose" AS ENUM ('CONNECT', 'ONBOARD');

-- AlterTable
ALTER TABLE "StripeConnection" ADD COLUMN     "source" "ConnectionSource" NOT NULL DEFAULT 'OAUTH';

-- AlterTable
ALTER TABLE "OAuthState" ADD COLUMN     "purpose" "StatePurpose" NOT NULL DEFAULT 'CONNECT';

-- CreateTable
CREATE TABLE "CreatedAccount" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createParams" JSONB NOT NULL,
    "creatingUntil" TIMESTAMP(3),
    "stripeAccountId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreatedAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CreatedAccount_idempotencyKey_key" ON "CreatedAccount"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "CreatedAccount_stripeAccountId_key" ON "CreatedAccount"("stripeAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "CreatedAccount_userId_livemode_key" ON "CreatedAccount"("userId", "livemode");

-- AddForeignKey
ALTER TABLE "CreatedAccount" ADD CONSTRAINT "CreatedAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma's schema language has no partial or INCLUDE indexes): the admin
-- accounts list's source filter (lib/data/connection-list.ts). Created accounts are the rare
-- door, so they get the pair of sort indexes the other rare filters have, partial, with every
-- filtered column included: a page of source=created is an index-only walk from the cursor, and
-- its count an index-only count of these rows. source=oauth is the rest: its pages walk the
-- ordinary sort indexes, and its count is ConnectionTotal's sum less the created ones counted here.
CREATE INDEX "StripeConnection_created_connectedAt_id_idx" ON "StripeConnection" ("connectedAt", "id")
  INCLUDE ("status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE "source" = 'CREATED';
CREATE INDEX "StripeConnection_created_lastEvent_id_idx" ON "StripeConnection" ((COALESCE("lastEventAt", '-infinity'::timestamp(3))), "id")
  INCLUDE ("lastEventAt", "status", "livemode", "chargesEnabled", "requirementsDue", "readiness", "nextDeadline", "futureRequirementsDue", "cardPaymentsStatus", "transfersStatus", "search")
  WHERE "source" = 'CREATED';
