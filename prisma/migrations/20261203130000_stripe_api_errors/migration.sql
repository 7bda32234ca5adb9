-- Stripe API calls that Stripe refused or failed, for the admin System page.
CREATE TABLE "StripeApiError" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "requestId" TEXT,
    "account" TEXT,

    CONSTRAINT "StripeApiError_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "StripeApiError_at_idx" ON "StripeApiError"("at");
