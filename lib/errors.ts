import "server-only";
import { NextResponse } from "next/server";
import { log } from "@/lib/log";

export type AppErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_input"
  | "stripe_unavailable"
  | "stripe_busy"
  | "internal";

const STATUS: Record<AppErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 422,
  stripe_unavailable: 502,
  stripe_busy: 503,
  internal: 500,
};

/** An error whose message is safe to show to the user; `code` decides the HTTP status. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function statusOf(code: AppErrorCode): number {
  return STATUS[code];
}

/**
 * An error in one line, for logs and stored error notes: the last line of its message, which for
 * Prisma's errors is the cause (the lines before it show the query's code, possibly its data).
 */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").filter((line) => line.trim() !== "");
  return (lines.at(-1) ?? message).trim().slice(0, 500);
}

/** Maps any error to a JSON response; unexpected errors are logged and answered generically. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: statusOf(error.code) },
    );
  }
  log().error({ err: error }, "unexpected error in a route");
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong. Please try again." } },
    { status: 500 },
  );
}
