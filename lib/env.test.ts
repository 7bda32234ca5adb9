import { afterEach, describe, expect, it, vi } from "vitest";
import { env, EnvError, parseAppEnv, setEmbeddedDatabase } from "@/lib/env";

const valid = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app" };

describe("parseAppEnv", () => {
  it("accepts a minimal development configuration and fills the defaults", () => {
    const env = parseAppEnv(valid);
    expect(env.NODE_ENV).toBe("development");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.ADMIN_EMAILS).toEqual([]);
    expect(env.SUPPORT_EMAIL).toBeUndefined();
  });

  it("names DATABASE_URL and says how to fix it when it is missing", () => {
    expect(() => parseAppEnv({})).toThrow(EnvError);
    expect(() => parseAppEnv({})).toThrow(
      /DATABASE_URL is not set: run the app with `npm run dev`/,
    );
  });

  it("names the variable and the problem for a malformed value", () => {
    expect(() => parseAppEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ URL/,
    );
    expect(() => parseAppEnv({ ...valid, ADMIN_EMAILS: "a@b.co, not-an-email" })).toThrow(
      /ADMIN_EMAILS/,
    );
    expect(() => parseAppEnv({ ...valid, DATABASE_POOL_MAX: "zero" })).toThrow(/DATABASE_POOL_MAX/);
    expect(() => parseAppEnv({ ...valid, SUPPORT_EMAIL: "support desk" })).toThrow(
      /SUPPORT_EMAIL must be an email address/,
    );
  });

  it("requires a strong NEXTAUTH_SECRET in production", () => {
    expect(() => parseAppEnv({ ...valid, NODE_ENV: "production" })).toThrow(
      /NEXTAUTH_SECRET is required when NODE_ENV=production/,
    );
    expect(() =>
      parseAppEnv({ ...valid, NODE_ENV: "production", NEXTAUTH_SECRET: "short" }),
    ).toThrow(/NEXTAUTH_SECRET must be at least 32 characters/);
    const secret = "x".repeat(32);
    const smtp = "smtp://mailer:pw@mail.example.com:587";
    expect(
      parseAppEnv({ ...valid, NODE_ENV: "production", NEXTAUTH_SECRET: secret, SMTP_URL: smtp })
        .NEXTAUTH_SECRET,
    ).toBe(secret);
  });

  it("requires SMTP_URL in production, and an smtp:// URL wherever it is set", () => {
    const secret = "x".repeat(32);
    expect(() =>
      parseAppEnv({ ...valid, NODE_ENV: "production", NEXTAUTH_SECRET: secret }),
    ).toThrow(/SMTP_URL is required when NODE_ENV=production/);
    expect(() => parseAppEnv({ ...valid, SMTP_URL: "http://mail.example.com" })).toThrow(
      /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(parseAppEnv(valid).SMTP_URL).toBe("smtp://127.0.0.1:1025");
  });

  it("normalises ADMIN_EMAILS to a lower-case list", () => {
    expect(
      parseAppEnv({ ...valid, ADMIN_EMAILS: " Admin@Example.com ,ops@example.com," }).ADMIN_EMAILS,
    ).toEqual(["admin@example.com", "ops@example.com"]);
  });
});

describe("env", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const a = "postgresql://u:p@127.0.0.1:5432/a";
  const b = "postgresql://u:p@127.0.0.1:5432/b";

  it("outside production follows a variable that changed", () => {
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("DATABASE_URL", a);
    expect(env().DATABASE_URL).toBe(a);
    vi.stubEnv("DATABASE_URL", b);
    expect(env().DATABASE_URL).toBe(b);
  });

  // Last in this file: the production configuration stays for the rest of it.
  it("in production keeps what it parsed, until it points the process at the embedded database", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXTAUTH_SECRET", "s".repeat(32));
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:2525");
    vi.stubEnv("DATABASE_URL", a);
    vi.stubEnv("DATABASE_POOL_MAX", "10");
    expect(env().DATABASE_URL).toBe(a);
    vi.stubEnv("DATABASE_URL", b);
    expect(env().DATABASE_URL).toBe(a);
    const embedded = "postgresql://postgres@127.0.0.1:5433/embedded";
    setEmbeddedDatabase(embedded);
    expect(env()).toMatchObject({ DATABASE_URL: embedded, DATABASE_POOL_MAX: 1 });
  });
});
