import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/redirects";

describe("safeCallbackPath", () => {
  it("keeps a same-site path", () => {
    expect(safeCallbackPath("/admin/accounts?status=REVOKED")).toBe(
      "/admin/accounts?status=REVOKED",
    );
  });

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "",
    undefined,
    42,
  ])("replaces %s with the default", (value) => {
    expect(safeCallbackPath(value)).toBe("/settings");
  });
});
