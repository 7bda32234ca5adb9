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
