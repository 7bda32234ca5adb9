import { checkReadiness } from "@/lib/health";

/**
 * `GET /api/health/ready`: 200 when this instance can serve requests, else 503, with each check's
 * outcome (lib/health.ts). No session: a load balancer asks it; it tells nothing secret.
 */
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { ready, checks } = await checkReadiness();
  return Response.json(
    { status: ready ? "ready" : "not_ready", checks },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
