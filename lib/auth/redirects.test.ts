import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/redirects";

const APP = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings?x=1#y", "/settings?x=1#y"],
    ["/admin/accounts?status=REVOKED", "/admin/accounts?status=REVOKED"],
    // next-auth sends absolute URLs of our own origin.
    [`${APP}/dashboard?tab=payouts`, "/dashboard?tab=payouts"],
    [APP, "/"],
  ])("keeps %j, one of our own pages, as %j", (value, path) => {
    expect(safeCallbackPath(value, APP)).toBe(path);
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
  ])("replaces %j with the default", (value) => {
    expect(safeCallbackPath(value, APP)).toBe("/settings");
  });

  it("takes the default it is given", () => {
    expect(safeCallbackPath("//evil.example", APP, "/")).toBe("/");
  });
});
