/**
 * `Idempotency-Key` replay, as Stripe keeps it for both API versions: the first successful answer
 * to a POST is stored per slot (v1: per account and key; v2: per platform and key) for 24 hours and
 * replayed to a retry with the same key, marked `Idempotent-Replayed`; the same key on another
 * endpoint or with other parameters is refused with the caller's own error shape.
 */
import type { Reply, ReplyError } from "./http";
import type { Store } from "./state";

const KEPT_SECONDS = 86_400;

export type KeyMismatch = "endpoint" | "parameters";

export function idempotentReply(
  store: Store,
  request: { path: string; requestId: string },
  slot: string,
  fingerprint: string,
  run: () => Reply,
  refuse: (mismatch: KeyMismatch, firstPath: string) => ReplyError,
): Reply {
  const previous = store.data.idempotency[slot];
  if (previous !== undefined && previous.created + KEPT_SECONDS > store.now()) {
    if (previous.path !== request.path) throw refuse("endpoint", previous.path);
    if (previous.fingerprint !== fingerprint) throw refuse("parameters", previous.path);
    return {
      ...previous.reply,
      headers: {
        ...previous.reply.headers,
        "Idempotent-Replayed": "true",
        "Original-Request": previous.request_id,
      },
    };
  }
  const reply = run();
  if (reply.status < 300) {
    store.data.idempotency[slot] = {
      path: request.path,
      fingerprint,
      created: store.now(),
      request_id: request.requestId,
      reply,
    };
  }
  return reply;
}

/** A request's parameters as one string, keys sorted at every level (so order does not matter). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value ?? "");
}
