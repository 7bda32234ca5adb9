-- next-auth's adapter tables (Account, VerificationToken) and User.image: nothing used them once
-- the adapter went (credentials sign-in; sessions are our own rows). The AuditEvent index served
-- only listAuditForUser, which nothing called.

-- DropForeignKey
ALTER TABLE "Account" DROP CONSTRAINT "Account_userId_fkey";

-- DropIndex
DROP INDEX "AuditEvent_subjectUserId_createdAt_idx";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "image";

-- DropTable
DROP TABLE "Account";

-- DropTable
DROP TABLE "VerificationToken";
