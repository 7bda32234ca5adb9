import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce } from "@/lib/http/csp";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split("; ").map((directive) => {
      const [name = "", ...values] = directive.split(" ");
      return [name, values];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  const production = directives(
    contentSecurityPolicy({
      nonce: "bm9uY2U=",
      development: false,
      formActionOrigins: ["https://connect.stripe.com"],
    }),
  );

  it("runs scripts only from our origin with the request's nonce, never inline or eval", () => {
    expect(production.get("script-src")).toEqual([
      "'self'",
      "'nonce-bm9uY2U='",
      "'strict-dynamic'",
    ]);
    expect(production.get("style-src")).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    expect(production.get("default-src")).toEqual(["'self'"]);
    expect([...production.values()].flat()).not.toContain("'unsafe-inline'");
  });

  it("frames nothing, loads no plugins, and posts forms only to us and Stripe's Connect page", () => {
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("base-uri")).toEqual(["'self'"]);
    expect(production.get("form-action")).toEqual(["'self'", "https://connect.stripe.com"]);
    expect(production.get("img-src")).toEqual(["'self'", "data:"]);
    expect(production.get("font-src")).toEqual(["'self'"]);
    expect(production.get("connect-src")).toEqual(["'self'"]);
  });

  it("allows eval and inline styles in development only, for Next.js's dev mode", () => {
    expect(production.get("script-src")).not.toContain("'unsafe-eval'");
    const development = directives(
      contentSecurityPolicy({ nonce: "x", development: true, formActionOrigins: [] }),
    );
    expect(development.get("script-src")).toContain("'unsafe-eval'");
    expect(development.get("script-src")).not.toContain("'unsafe-inline'");
    expect(development.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(development.get("form-action")).toEqual(["'self'"]);
  });
});

describe("createNonce", () => {
  it("makes a fresh base64 value of 128 bits each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
