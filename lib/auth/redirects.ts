/**
 * Post-sign-in destinations come from our own links (`?callbackUrl=/settings`), but a query string
 * can be forged: only same-site absolute paths are honoured, anything else goes to the default.
 */
export function safeCallbackPath(value: unknown, fallback = "/settings"): string {
  if (typeof value !== "string") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}
