import type { AuditAction } from "@/lib/generated/prisma/client";

/** What each audited action is called in the admin console's histories and audit log. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  CONNECT: "Connected",
  DISCONNECT: "Disconnected",
  REVOKE: "Revoked from Stripe",
  FORCE_DISCONNECT: "Force-disconnected",
  REFRESH: "Refreshed from Stripe",
  RETRY_EVENT: "Webhook event retried",
  EXPORT: "Exported",
  BLOCK: "Reconnection blocked",
  UNBLOCK: "Unblocked",
  GRANT_ADMIN: "Became admin",
  REVOKE_ADMIN: "Admin role removed",
  INVITE_ADMIN: "Invited as admin",
  PASSWORD_RESET: "Password reset",
};
