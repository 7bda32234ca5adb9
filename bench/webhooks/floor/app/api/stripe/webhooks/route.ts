import { storeSignedEvent } from "../../../../../baseline-store";

/** The framework floor: one Next.js route handler that verifies and inserts, nothing else. */
export async function POST(request: Request): Promise<Response> {
  const body = Buffer.from(await request.arrayBuffer());
  const status = await storeSignedEvent(body, request.headers.get("stripe-signature"));
  return Response.json({ received: true }, { status });
}
