import { metricsResponse } from "@/lib/metrics-endpoint";

/**
 * GET /api/metrics: the process's Prometheus metrics (lib/metrics.ts), for a scraper holding
 * METRICS_TOKEN as a bearer token; 404 while METRICS_TOKEN is unset.
 */
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return metricsResponse(request);
}
