-- CreateEnum
CREATE TYPE "Readiness" AS ENUM ('READY', 'ACTION_NEEDED', 'RESTRICTED', 'IN_REVIEW', 'UPCOMING');

-- AlterTable
ALTER TABLE "StripeConnection" ADD COLUMN     "accountState" JSONB,
ADD COLUMN     "cardPaymentsStatus" TEXT,
ADD COLUMN     "disabledReason" TEXT,
ADD COLUMN     "futureRequirementsDue" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "nextDeadline" TIMESTAMP(3),
ADD COLUMN     "readiness" "Readiness" NOT NULL DEFAULT 'READY',
ADD COLUMN     "transfersStatus" TEXT;

-- Connections stored before: what their flags and count say, until their next snapshot (an
-- event, a refresh or `npm run stripe:reconcile`) stores readinessOf's answer.
UPDATE "StripeConnection" SET "readiness" = CASE
  WHEN NOT ("chargesEnabled" AND "payoutsEnabled") THEN 'RESTRICTED'::"Readiness"
  WHEN "requirementsDue" > 0 THEN 'ACTION_NEEDED'::"Readiness"
  ELSE 'READY'::"Readiness"
END;
