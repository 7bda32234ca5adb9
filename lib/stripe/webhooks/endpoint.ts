import "server-only";
import { errorMessage } from "@/lib/errors";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { log } from "@/lib/log";
import { countWebhookDelivery } from "@/lib/metrics";
import type { Outcome } from "@/lib/stripe/webhooks/types";
import { MAX_EVENT_BYTES, WebhookRejectedError } from "@/lib/stripe/webhooks/verify";

/**
 * What the webhook endpoints (the Connect one and the thin event one) do with a delivery, as one
 * rule for both: read the body (413 beyond MAX_EVENT_BYTES), verify it (400 when refused, nothing
 * stored), have it stored and applied (200 with the outcome; 500 when stored but not applied, so
 * Stripe delivers it again while the retry job applies it; 503 when it could not be stored), each
 * answer counted in the metrics by event type and outcome.
 */
export interface Endpoint<E extends { id: string; type: string }> {
  /** The verified event of a body and its `Stripe-Signature`; throws WebhookRejectedError. */
  verify: (body: Buffer, signature: string | null) => E;
  /** The 400's metric type and body for a refusal. */
  refusal: (rejection: WebhookRejectedError) => { type: string; error: string };
  /** Stores (and applies) a verified event; throws when it could not be stored. */
  receive: (event: E, body: string) => Promise<Outcome>;
}

export async function answerDelivery<E extends { id: string; type: string }>(
  request: Request,
  endpoint: Endpoint<E>,
): Promise<Response> {
  const startedAt = performance.now();
  const body = await readBodyWithLimit(request, MAX_EVENT_BYTES);
  if (!body) return Response.json({ error: "Payload too large" }, { status: 413 });
  let event: E;
  try {
    event = endpoint.verify(body, request.headers.get("stripe-signature"));
  } catch (error) {
    if (!(error instanceof WebhookRejectedError)) throw error;
    const refusal = endpoint.refusal(error);
    log().warn({ reason: error.message }, "webhook refused");
    countWebhookDelivery(refusal.type, "refused", startedAt);
    return Response.json({ error: refusal.error }, { status: 400 });
  }
  try {
    const outcome = await endpoint.receive(event, body.toString("utf8"));
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
