import { stripeConfig } from "@/lib/stripe/client";
import { answerDelivery } from "@/lib/stripe/webhooks/endpoint";
import { receiveEvent } from "@/lib/stripe/webhooks/receive";
import { verifyEvent } from "@/lib/stripe/webhooks/verify";

/**
 * POST /api/stripe/webhooks: the Connect webhook endpoint. Only events signed with one of our
 * secrets are accepted (400 otherwise, without saying why). An event is answered 2xx once it is
 * stored (and applied, or ignored, or known already); 5xx when it could not be stored or applied,
 * so that Stripe delivers it again (lib/stripe/webhooks/endpoint.ts). Other methods get 405 from
 * Next.js.
 */
export function POST(request: Request): Promise<Response> {
  return answerDelivery(request, {
    verify: (body, signature) => verifyEvent(body, signature, stripeConfig().webhookSecrets),
    refusal: () => ({ type: "unknown", error: "Bad request" }),
    receive: (event, body) => receiveEvent({ event, body }),
  });
}
