import path from "node:path";
import type { NextConfig } from "next";

// The benchmark's framework floor: a minimal Next.js app (same Next.js as the app), built and
// started by bench/webhooks/run.ts. Its one route imports ../baseline-store.ts, hence the root.
const root = path.join(__dirname, "../../..");

const nextConfig: NextConfig = {
  typescript: { ignoreBuildErrors: true },
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
