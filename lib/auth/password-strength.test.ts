import { describe, expect, it } from "vitest";
import { passwordWeakness } from "@/lib/auth/password-strength";

describe("passwordWeakness", () => {
  it("refuses common and guessable passwords, saying why", () => {
    for (const password of [
      "1234567890",
      "password12",
      "qwertyuiop",
      "iloveyou12",
      "aaaaaaaaaaaa",
    ]) {
      expect(passwordWeakness(password), password).toMatch(/^This password is too easy to guess/);
    }
    expect(passwordWeakness("password12")).toMatch(/commonly used password/);
  });

  it("refuses a password made of the user's own name or email", () => {
    expect(
      passwordWeakness("gracehopper1", ["grace.hopper@example.com", "Grace Hopper"]),
    ).not.toBeNull();
  });

  it("accepts a long phrase of unrelated words", () => {
    expect(passwordWeakness("mellow quartz harbor")).toBeNull();
    expect(passwordWeakness("a-long-enough-password")).toBeNull();
  });
});
