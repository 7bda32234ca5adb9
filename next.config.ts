import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm run typecheck` (part of `npm test`) checks the whole project once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  // Native and WebAssembly packages are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "@node-rs/argon2",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    // One registry per process: every route and action counts into the same metrics.
    "prom-client",
    // One job queue per process (lib/jobs/boss.ts), loaded as Node loads it.
    "pg-boss",
  ],
  // The security headers that are the same on every response (the Content-Security-Policy, with
  // its per-request nonce, is set by proxy.ts). No referrer: invitation and reset links carry
  // their token in the URL. No API answer is ever cached: every one is about a session or a user.
  headers() {
    return Promise.resolve([
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
    ]);
  },
};

export default nextConfig;
