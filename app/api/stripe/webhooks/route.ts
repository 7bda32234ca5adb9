import { errorMessage } from "@/lib/errors";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { countWebhookDelivery } from "@/lib/metrics";
import { stripeConfig } from "@/lib/stripe/client";
import { receiveEvent } from "@/lib/stripe/webhooks/receive";
import { MAX_EVENT_BYTES, verifyEvent, WebhookRejectedError } from "@/lib/stripe/webhooks/verify";
import { log } from "@/lib/log";

/**
 * POST /api/stripe/webhooks: the Connect webhook endpoint. Only events signed with one of our
 * secrets are accepted (400 otherwise, without saying why). An event is answered 2xx once it is
 * stored (and applied, or ignored, or known already); 5xx when it could not be stored or applied,
 * so that Stripe delivers it again. Other methods get 405 from Next.js.
 */
export async function POST(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const body = await readBodyWithLimit(request, MAX_EVENT_BYTES);
  if (!body) return Response.json({ error: "Payload too large" }, { status: 413 });
  let event;
  try {
    event = verifyEvent(
      body,
      request.headers.get("stripe-signature"),
      stripeConfig().webhookSecrets,
    );
  } catch (error) {
    if (!(error instanceof WebhookRejectedError)) throw error;
    log().warn({ reason: error.message }, "webhook refused");
    countWebhookDelivery("unknown", "refused", startedAt);
    return Response.json({ error: "Bad request" }, { status: 400 });
  }
  try {
    const outcome = await receiveEvent({ event, body: body.toString("utf8") });
    countWebhookDelivery(event.type, outcome, startedAt);
    return Response.json({ outcome }, { status: outcome === "failed" ? 500 : 200 });
  } catch (error) {
    log().error(
      { eventId: event.id, type: event.type, reason: errorMessage(error) },
      "webhook not stored: answered 503",
    );
    countWebhookDelivery(event.type, "not_stored", startedAt);
    return Response.json({ error: "Not stored, retry later" }, { status: 503 });
  }
}
