/**
 * Thin events: v2 event notifications about the platform's connected v2 accounts, sent to its
 * event destinations (`eventDestinations`) the way Stripe sends them: a small JSON notification
 * (`id`, `type`, `context`, `related_object`, no object data) signed in `Stripe-Signature` exactly as
 * a v1 webhook is, retried on the same schedule (src/webhooks.ts: one dispatcher per kind). The
 * event itself is kept and served by `GET /v2/core/events/:id` (src/v2-api.ts).
 *
 * Every account change the store makes (`Store.onAccountChange`, the same moment it sends v1
 * `account.updated`) becomes, for an account created through /v2/core/accounts:
 * - `v2.core.account[requirements].updated` when its requirements or future requirements moved;
 * - `v2.core.account[configuration.merchant].capability_status_updated`, one per capability whose
 *   status moved (`data.updated_capability`: card_payments, stripe_balance.payouts);
 * - `v2.core.account.updated` when anything else moved (profile, details submitted, settings);
 * and closing it sends `v2.core.account.closed`.
 */
import { newId } from "./ids";
import type { AccountRecord, EventRequest, Store } from "./state";
import {
  type V2EventRecord,
  type V2EventType,
  V2_CAPABILITY_NAMES,
  isoTime,
  thinNotification,
} from "./v2-objects";
import type { CapabilityName } from "./objects";
import type { WebhookDispatcher } from "./webhooks";

/** The v1 fields that move with a capability's status (and so say nothing of their own). */
const CAPABILITY_FLAGS = new Set(["capabilities", "charges_enabled", "payouts_enabled"]);
const REQUIREMENTS = new Set(["requirements", "future_requirements"]);

export class ThinEvents {
  constructor(
    private readonly store: Store,
    private readonly dispatcher: WebhookDispatcher,
    private readonly livemode: boolean,
  ) {}

  /** Listens to the store: each account change becomes the thin events it implies. */
  listen(): void {
    this.store.onAccountChange = (record, previous, request) => {
      this.accountChanged(record, previous, request);
    };
  }

  /** The events one account change implies (see the module comment), in that order. */
  accountChanged(
    record: AccountRecord,
    previous: Record<string, unknown>,
    request?: EventRequest,
  ): void {
    const keys = Object.keys(previous);
    if (keys.some((key) => REQUIREMENTS.has(key))) {
      this.emit(record, "v2.core.account[requirements].updated", { request });
    }
    const capabilities = previous.capabilities;
    if (typeof capabilities === "object" && capabilities !== null) {
      for (const name of Object.keys(capabilities)) {
        const updated =
          name in V2_CAPABILITY_NAMES ? V2_CAPABILITY_NAMES[name as CapabilityName] : name;
        this.emit(record, "v2.core.account[configuration.merchant].capability_status_updated", {
          request,
          data: { updated_capability: updated },
        });
      }
    }
    if (keys.some((key) => !REQUIREMENTS.has(key) && !CAPABILITY_FLAGS.has(key))) {
      this.emit(record, "v2.core.account.updated", { request });
    }
  }

  /**
   * Records a v2 event about `record` and sends its notification to the event destinations: only
   * for a connected account created through /v2/core/accounts (the platform's own v2 accounts).
   */
  emit(
    record: AccountRecord,
    type: V2EventType,
    { request, data }: { request?: EventRequest; data?: V2EventRecord["data"] } = {},
  ): V2EventRecord | undefined {
    if (record.v2 === undefined || record.connection === null) return undefined;
    const id = record.account.id;
    const event: V2EventRecord = {
      id: newId("evt_"),
      object: "v2.core.event",
      type,
      livemode: this.livemode,
      created: isoTime(this.store.now()),
      context: id,
      related_object: { id, type: "v2.core.account", url: `/v2/core/accounts/${id}` },
      ...(request?.id != null && request.idempotency_key != null
        ? {
            reason: {
              type: "request",
              request: { id: request.id, idempotency_key: request.idempotency_key },
            },
          }
        : {}),
      ...(data ? { data } : {}),
    };
    (this.store.data.v2_events ??= []).push(event);
    this.dispatcher.enqueue(thinNotification(event));
    return event;
  }

  event(id: string): V2EventRecord | undefined {
    return this.store.data.v2_events?.find((e) => e.id === id);
  }

  /** Sends an event's notification again (a test's duplicate, or a redelivery), as a new delivery. */
  resend(id: string): V2EventRecord | undefined {
    const event = this.event(id);
    if (event) this.dispatcher.enqueue(thinNotification(event));
    return event;
  }
}
