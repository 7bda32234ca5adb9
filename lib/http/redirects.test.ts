import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { redirectToApp } from "@/lib/http/redirects";

beforeEach(() => {
  // The app's settings are read as a whole; this test needs only APP_URL (no database is used).
  vi.stubEnv("DATABASE_URL", "postgresql://unused@127.0.0.1:1/unused");
  vi.stubEnv("APP_URL", "https://sellers.example.com");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("redirectToApp", () => {
  it("sends the browser to our page on APP_URL with the query, 302 unless told otherwise", () => {
    const response = redirectToApp("/settings", { connect: "expired", note: "a b&c=d" });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      "https://sellers.example.com/settings?connect=expired&note=a+b%26c%3Dd",
    );
    expect(redirectToApp("/settings", {}, 303).status).toBe(303);
  });

  it("stays on APP_URL even for a path that reads as another host", () => {
    const location = new URL(redirectToApp("//evil.example/x").headers.get("Location") ?? "");

    expect(location.origin).toBe("https://sellers.example.com");
  });
});
