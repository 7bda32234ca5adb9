import { describe, expect, it } from "vitest";
import { pathWithQuery, signInPath } from "@/lib/auth/prefill";
import { prefilledEmail } from "@/lib/auth/schemas";

describe("links that carry the typed address to the next page", () => {
  it("encodes the address and leaves out what is empty", () => {
    expect(signInPath("ann+shop@example.test")).toBe("/sign-in?email=ann%2Bshop%40example.test");
    expect(signInPath("ann@example.test", "reset")).toBe(
      "/sign-in?notice=reset&email=ann%40example.test",
    );
    expect(signInPath("")).toBe("/sign-in");
    expect(pathWithQuery("/forgot-password", { email: undefined })).toBe("/forgot-password");
  });

  it("prefills only an address, as sign-in reads it (trimmed, lower case)", () => {
    const link = new URL(signInPath(" Ann@Example.test "), "http://localhost");
    expect(prefilledEmail(link.searchParams.get("email") ?? undefined)).toBe("ann@example.test");
    expect(prefilledEmail("not an address")).toBe("");
    expect(prefilledEmail(["a@example.test", "b@example.test"])).toBe("");
    expect(prefilledEmail(undefined)).toBe("");
  });
});
