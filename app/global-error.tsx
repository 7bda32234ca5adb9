"use client";

import { PageError } from "@/components/ui/page-error";
import "./globals.css";

/**
 * The error page when the root layout itself failed: it reads the session, so a database that
 * does not answer fails every page there, above app/error.tsx. Without this file Next.js shows its
 * own page, whose inline styles our Content-Security-Policy blocks. It replaces the root layout,
 * so it brings its own document.
 */
export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Seller Connect</title>
      </head>
      <body className="min-h-screen">
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
          <PageError reset={reset} />
        </main>
      </body>
    </html>
  );
}
