/** stripe-node's error classes, as an admin would say what happened. */
const STRIPE_ERRORS: Record<string, string> = {
  StripeConnectionError: "Stripe could not be reached",
  StripeAPIError: "Stripe had an error on its side",
  StripeRateLimitError: "Stripe was busy (rate limit)",
  StripePermissionError: "Stripe refused access",
  StripeAuthenticationError: "Stripe refused the platform's key",
  StripeInvalidRequestError: "Stripe refused the request",
  StripeIdempotencyError: "Stripe refused the request",
};

const STRIPE_ERROR = /\b(Stripe\w*Error)(?: (\d{3}))?\b/g;
const REQUEST_ID = /\s*\(?\b(req_\w+)\)?/g;

/**
 * An audit entry's detail as admins read it: the words, and apart from them the technical details
 * (stripe-node's error class and HTTP status, Stripe's request ids), which the admin pages show
 * behind a disclosure and never to a seller. "Deauthorize failed: StripeAPIError 500" reads
 * "Deauthorize failed: Stripe had an error on its side", technical "StripeAPIError 500".
 */
export function splitAuditDetail(detail: string | null): {
  text: string | null;
  technical: string[];
} {
  if (!detail) return { text: null, technical: [] };
  const technical: string[] = [];
  const text = detail
    .replace(STRIPE_ERROR, (match: string, name: string) => {
      technical.push(match);
      return STRIPE_ERRORS[name] ?? "Stripe answered with an error";
    })
    .replace(REQUEST_ID, (_match: string, id: string) => {
      technical.push(id);
      return "";
    })
    .trim();
  return { text: text || null, technical };
}
