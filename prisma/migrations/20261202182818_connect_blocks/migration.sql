-- Blocks on reconnecting, set with a force-disconnect (issue 14): one table, and the audit
-- actions that record setting and lifting them.

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'BLOCK';
ALTER TYPE "AuditAction" ADD VALUE 'UNBLOCK';

-- CreateTable
CREATE TABLE "ConnectBlock" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stripeAccountId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "sellerMessage" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liftedAt" TIMESTAMP(3),
    "liftedById" TEXT,

    CONSTRAINT "ConnectBlock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectBlock_userId_liftedAt_idx" ON "ConnectBlock"("userId", "liftedAt");

-- CreateIndex
CREATE INDEX "ConnectBlock_stripeAccountId_liftedAt_idx" ON "ConnectBlock"("stripeAccountId", "liftedAt");
