import { currentRequest, noteStripeAccount } from "@/lib/http/request-context";
import { stripe, stripeConfig } from "@/lib/stripe/client";
import { answerDelivery } from "@/lib/stripe/webhooks/endpoint";
import { receiveThinEvent } from "@/lib/stripe/webhooks/thin";
import { verifyThinEvent } from "@/lib/stripe/webhooks/verify-thin";

/**
 * POST /api/stripe/webhooks/thin: the event destination for thin (v2) event notifications of
 * connected accounts, with its own secret (STRIPE_THIN_WEBHOOK_SECRET). A delivery that is not
 * a notification signed with one of our secrets is answered 400 saying what was wrong, and
 * stores nothing. A notification is stored before anything else (503 when it cannot be: Stripe
 * delivers it again), then applied by fetching its account (lib/stripe/webhooks/thin.ts): 200
 * once applied, ignored or known already; 500 when the fetch or the write failed (stored as
 * FAILED: the retry job applies it later, or Stripe's redelivery does).
 */
export function POST(request: Request): Promise<Response> {
  return answerDelivery(request, {
    verify: (body, signature) =>
      verifyThinEvent(stripe(), body, signature, stripeConfig().thinWebhookSecrets),
    // Its type is not known yet: counted apart from the Connect endpoint's refusals.
    refusal: (rejection) => ({ type: "v2.unknown", error: `Refused: ${rejection.message}` }),
    receive: (event, body) => {
      noteStripeAccount(event.account);
      return receiveThinEvent(event, body, currentRequest()?.id);
    },
  });
}
