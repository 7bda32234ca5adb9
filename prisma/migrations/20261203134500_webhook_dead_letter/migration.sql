-- A webhook event still failing after the retry job's last retry (lib/jobs/webhook-retry.ts).
ALTER TYPE "WebhookEventStatus" ADD VALUE 'DEAD_LETTERED';
