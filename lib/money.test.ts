import { describe, expect, it } from "vitest";
import { formatMoney } from "@/lib/money";

describe("formatMoney", () => {
  it("formats two-decimal currencies from cents", () => {
    expect(formatMoney(123456, "usd")).toBe("$1,234.56");
    expect(formatMoney(-500, "eur")).toBe("-€5.00");
  });

  it("treats Stripe's zero-decimal currencies as whole units", () => {
    expect(formatMoney(5000, "jpy")).toBe("¥5,000");
    expect(formatMoney(1200, "krw")).toBe("₩1,200");
  });

  it("treats three-decimal currencies as thousandths", () => {
    expect(formatMoney(1234, "kwd")).toBe("KWD\u00a01.234");
  });
});
