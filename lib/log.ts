import "server-only";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { logEnv } from "@/lib/env";
import { currentRequest } from "@/lib/http/request-context";

/**
 * The app's log (pino): one JSON object a line in production, readable lines in development,
 * written to standard output. What must never be written is kept out by configuration, not by
 * care at each call: fields named like secrets are redacted wherever they sit (two levels deep),
 * and anything shaped like a Stripe key, a webhook secret, an OAuth code or a session cookie is
 * masked in every message and string field. A line written while a request is served carries
 * that request's id (`requestId`; lib/http/request-log.ts writes the request's own line).
 */
/** A line's own `requestId` (an event logged for the request that brought it) wins. */
function requestIdOfCurrentRequest(): { requestId?: string } {
  const request = currentRequest();
  return request ? { requestId: request.id } : {};
}

const SECRET_FIELDS = [
  "password",
  "secret",
  "secretKey",
  "apiKey",
  "token",
  "accessToken",
  "refreshToken",
  "code",
  "state",
  "cookie",
  "authorization",
  "signature",
  "stripe-signature",
];

export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [
  `["${field}"]`,
  `*["${field}"]`,
  `*.*["${field}"]`,
]);

/** Stripe keys, webhook secrets, OAuth codes and JWTs (session cookies), wherever they appear. */
const SECRET_SHAPES = [
  /\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+/g,
  /\bwhsec_[A-Za-z0-9+/=_-]+/g,
  /\bac_[A-Za-z0-9]{8,}/g,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9._-]+/g,
];
/** A URL's token, state or code parameter (mailed links, OAuth redirects). */
const SECRET_PARAMETER = /([?&](?:token|state|code)=)[^&\s"]+/g;

export function maskSecrets(text: string): string {
  return SECRET_SHAPES.reduce(
    (masked, shape) => masked.replace(shape, "[redacted]"),
    text.replace(SECRET_PARAMETER, "$1[redacted]"),
  );
}

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (depth > 2 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => masked(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, masked(item, depth + 1)]),
  );
}

/** The options every logger of the app is built with (the tests build theirs from these too). */
export function logOptions(level: pino.LevelWithSilent): pino.LoggerOptions {
  return {
    level,
    base: { service: "seller-connect" },
    mixin: requestIdOfCurrentRequest,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { err: (error: Error) => masked(pino.stdSerializers.err(error)) },
    formatters: { log: (object) => masked(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === "string" ? maskSecrets(arg) : arg)) as Parameters<
            typeof method
          >,
        );
      },
    },
  };
}

const globalForLog = globalThis as unknown as {
  sellerConnectLog?: Logger;
  sellerConnectRequestLog?: Logger;
};

export function log(): Logger {
  if (!globalForLog.sellerConnectLog) {
    const config = logEnv();
    const options = logOptions(config.LOG_LEVEL);
    globalForLog.sellerConnectLog =
      config.NODE_ENV === "development"
        ? pino(options, pretty({ sync: true, ignore: "pid,hostname,service" }))
        : pino(options, process.stdout);
  }
  return globalForLog.sellerConnectLog;
}

/**
 * The logger of the line per request (lib/http/request-log.ts), written for every request, the
 * webhook endpoint's included: without the redaction of fields named like secrets, which is most
 * of what a line costs (about 70 of 80 µs of CPU); its fields are fixed and none is named like
 * one. Secrets' shapes are still masked in every string, as on every line.
 */
export function requestLog(): Logger {
  globalForLog.sellerConnectRequestLog ??= log().child({}, { redact: [] });
  return globalForLog.sellerConnectRequestLog;
}
