/** The small HTTP vocabulary the route modules share: requests, replies, form bodies. */
import type { IncomingHttpHeaders } from "node:http";

export interface EmulatorRequest {
  method: string;
  path: string;
  /** The raw query string, without the leading "?". */
  search: string;
  headers: IncomingHttpHeaders;
  body: string;
  requestId: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Thrown by a handler to answer with `reply` (an API error, an error page). */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value, null, 2),
  };
}

export function htmlReply(status: number, body: string): Reply {
  return {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      // No scripts at all; inline styles only. No form-action: Chromium applies it to the redirect
      // back to the platform, which is on another origin.
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    },
    body,
  };
}

export function redirectReply(location: string, status = 302): Reply {
  return { status, headers: { Location: location, "Cache-Control": "no-store" }, body: "" };
}

export function header(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The API key of an `Authorization: Bearer KEY` or `Authorization: Basic base64(KEY:)` header. */
export function authorizationKey(req: EmulatorRequest): string | undefined {
  const [scheme, credentials] = (header(req, "authorization") ?? "").trim().split(/\s+/, 2);
  if (!credentials) return undefined;
  if (scheme?.toLowerCase() === "bearer") return credentials;
  if (scheme?.toLowerCase() === "basic") {
    return Buffer.from(credentials, "base64").toString("utf8").split(":", 1)[0] || undefined;
  }
  return undefined;
}

/** A form value: a string, or the nested object of bracketed keys (`metadata[k]=v`, `types[0]=x`). */
export type FormValue = string | FormParams;
export interface FormParams {
  [key: string]: FormValue;
}

/** Parses `application/x-www-form-urlencoded` text with Stripe's bracket notation. */
export function parseForm(text: string): FormParams {
  const root: FormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match
      ? [
          match[1] ?? "",
          ...Array.from((match[2] ?? "").matchAll(/\[([^[\]]*)\]/g), (m) => m[1] ?? ""),
        ]
      : [key];
    let node = root;
    path.forEach((segment, index) => {
      // `types[]=a&types[]=b` (curl) becomes { 0: "a", 1: "b" }, like stripe-node's `types[0]=a`.
      const name = segment === "" ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[name] = value;
        return;
      }
      const child = node[name];
      node = typeof child === "object" ? child : (node[name] = {});
    });
  }
  return root;
}
