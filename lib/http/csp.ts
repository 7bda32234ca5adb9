/**
 * The Content-Security-Policy of every page (set by proxy.ts, with a fresh nonce per request):
 * scripts only from our origin and with the request's nonce (Next.js puts it on its own scripts;
 * 'strict-dynamic' lets those load the chunks they need), nothing framed, no plugins, forms only
 * to us and to Stripe's Connect page. No 'unsafe-inline' for scripts or styles (the app has no
 * inline styles). Only in development, which Next.js's dev mode needs: 'unsafe-eval' for scripts,
 * 'unsafe-inline' for styles.
 */
export interface CspOptions {
  /** The request's nonce (base64, see createNonce). */
  nonce: string;
  /** NODE_ENV=development: allow eval and inline styles, for Next.js's dev mode. */
  development: boolean;
  /** Origins forms may post to, besides our own: the Stripe Connect authorize page's. */
  formActionOrigins: readonly string[];
}

export function contentSecurityPolicy({
  nonce,
  development,
  formActionOrigins,
}: CspOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    // Next.js's dev overlay adds style elements without the nonce (and a nonce would make the
    // browser ignore 'unsafe-inline'). The production build has none.
    ["style-src", "'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...formActionOrigins],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** 128 random bits, base64: a nonce for one response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
