import {
  REVOCATION_REASONS,
  type RevocationReason,
  type StripeConnection,
} from "@/lib/data/connections";

/**
 * What happened to a seller's connection, told to the seller, in the second person ("You
 * disconnected…", "An admin disconnected your account…"). The one rule of what a seller reads
 * about the end of a connection: Stripe's reason for a revocation in their words, their own
 * disconnect, and never an admin's reason (it is internal: they read that an admin did it).
 * Admins read the stored reason as it is (the account page, the audit log).
 */

/** Each revocation reason of REVOCATION_REASONS, as the seller reads it. */
const YOUR_REVOCATION: Record<RevocationReason, string> = {
  deauthorized: "You revoked the marketplace's access from Stripe",
  access_invalid: "Stripe reports that the marketplace no longer has access to your Stripe account",
  account_closed: "Your Stripe account was closed",
};

/** A revocation Stripe just told us of, as the seller reads it. */
export function revocationForSeller(reason: RevocationReason): string {
  return YOUR_REVOCATION[reason];
}

type Ended = Pick<StripeConnection, "status" | "disconnectReason" | "disconnectedById" | "userId">;

export function connectionEndedForSeller(connection: Ended): string {
  if (connection.status === "REVOKED") {
    const reason = (Object.keys(REVOCATION_REASONS) as RevocationReason[]).find(
      (key) => REVOCATION_REASONS[key] === connection.disconnectReason,
    );
    // A reason from before this table (or one it lacks) is shown as stored: never dropped.
    return reason
      ? YOUR_REVOCATION[reason]
      : (connection.disconnectReason ?? "The marketplace's access to your Stripe account ended");
  }
  if (connection.status === "CONNECTED") return "You connected your Stripe account";
  return connection.disconnectedById === connection.userId
    ? "You disconnected your Stripe account"
    : "An admin disconnected your account";
}
