/**
 * The two baselines' whole job (the Next.js floor and the bare node:http server): verify the
 * signature, insert the event row, answer. No transaction, no handler, no proxy, no batching.
 */
import pg from "pg";
import Stripe from "stripe";
import { baselineEnv } from "../env";

const config = baselineEnv();
const secret = config.STRIPE_CONNECT_WEBHOOK_SECRET[0] ?? "";
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 10 });

/** Returns the HTTP status to answer. */
export async function storeSignedEvent(body: Buffer, signature: string | null): Promise<number> {
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(body, signature ?? "", secret, 300);
  } catch {
    return 400;
  }
  try {
    await pool.query(
      `INSERT INTO "WebhookEvent" (id, type, account, livemode, created, payload)
       VALUES ($1, $2, $3, $4, to_timestamp($5) AT TIME ZONE 'UTC', $6)
       ON CONFLICT (id) DO NOTHING`,
      [event.id, event.type, event.account ?? null, event.livemode, event.created, body.toString()],
    );
    return 200;
  } catch {
    return 503;
  }
}
