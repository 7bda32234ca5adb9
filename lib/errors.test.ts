import { describe, expect, it, vi } from "vitest";
import { AppError, errorMessage, errorResponse, statusOf, type AppErrorCode } from "@/lib/errors";

describe("errorResponse", () => {
  it.each<[AppErrorCode, number]>([
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["invalid_input", 422],
    ["stripe_unavailable", 502],
    ["stripe_busy", 503],
    ["internal", 500],
  ])("answers an AppError %s with %i and its message", async (code, status) => {
    const response = errorResponse(new AppError(code, "Shown to the user."));

    expect(response.status).toBe(status);
    expect(statusOf(code)).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: "Shown to the user." } });
  });

  it("answers any other error with a generic 500, its details only in the log", async () => {
    // The app's log (lib/log.ts) writes JSON lines to standard output.
    const log = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const error = new Error('relation "User" does not exist at /work/lib/db.ts');

    const response = errorResponse(error);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "internal", message: "Something went wrong. Please try again." },
    });
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      level: 50,
      err: { message: error.message },
    });
    log.mockRestore();
  });
});

describe("errorMessage", () => {
  it("keeps the last line of a multi-line message (a Prisma error's cause), trimmed", () => {
    const prisma = new Error(
      "\nInvalid `db().user.findUnique()` invocation:\n\n  where: { email: 'a@b.c' }\n\n  Can't reach database server  \n",
    );
    expect(errorMessage(prisma)).toBe("Can't reach database server");
  });

  it("reads anything thrown, and never returns more than 500 characters", () => {
    expect(errorMessage("plain string")).toBe("plain string");
    expect(errorMessage(42)).toBe("42");
    expect(errorMessage(new Error("x".repeat(2000)))).toHaveLength(500);
  });
});
