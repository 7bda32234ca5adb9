import { describe, expect, it } from "vitest";
import { afterSignInPath, homePath, safeCallbackPath } from "@/lib/auth/redirects";

const APP = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings?x=1#y", "/settings?x=1#y"],
    ["/admin/accounts?status=REVOKED", "/admin/accounts?status=REVOKED"],
    // next-auth sends absolute URLs of our own origin.
    [`${APP}/dashboard?tab=payouts`, "/dashboard?tab=payouts"],
    [APP, "/"],
  ])("keeps %j, one of our own pages, as %j", (value, path) => {
    expect(safeCallbackPath(value, APP, "/fallback")).toBe(path);
  });

  it.each([
    // The URL parser drops tabs and line breaks: these are //evil.example once parsed.
    decodeURIComponent("/%09/evil.example"),
    decodeURIComponent("/%0A/evil.example"),
    "/\n/evil.example",
    "/\t/evil.example",
    // A header injection, were it put in a Location header.
    decodeURIComponent("/%0D%0AX:1"),
    "/\r\nX:1",
    "/settings\u0000",
    "/settings\u007f",
    "//evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "/\\/evil.example",
    "https://evil.example/x",
    "https://evil.example/",
    "http://localhost:3000.evil.example/",
    "https://localhost:3000/settings",
    "javascript:alert(1)",
    "not a url",
    "settings",
    "",
    undefined,
    42,
  ])("replaces %j with the fallback", (value) => {
    expect(safeCallbackPath(value, APP, "/fallback")).toBe("/fallback");
  });
});

describe("afterSignInPath", () => {
  it("sends an admin to the platform overview and a seller to Settings when no link says where", () => {
    expect(afterSignInPath(undefined, APP, "ADMIN")).toBe("/admin");
    expect(afterSignInPath(undefined, APP, "SELLER")).toBe("/settings");
    expect(homePath("ADMIN")).toBe("/admin");
  });

  it("follows a callbackUrl of ours whatever the role", () => {
    expect(afterSignInPath("/settings", APP, "ADMIN")).toBe("/settings");
    expect(afterSignInPath("/invite?token=x", APP, "SELLER")).toBe("/invite?token=x");
  });

  it("sends a forged callbackUrl to the role's home instead", () => {
    expect(afterSignInPath("//evil.example", APP, "ADMIN")).toBe("/admin");
    expect(afterSignInPath("https://evil.example/", APP, "SELLER")).toBe("/settings");
  });
});
