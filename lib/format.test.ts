import { describe, expect, it } from "vitest";
import { formatShortDate, formatShortDateTime } from "./format";

const NOW = new Date("2026-12-04T03:00:00Z");

describe("short dates", () => {
  it("leave out the year of now, and say any other year", () => {
    expect(formatShortDate(new Date("2026-01-12T10:00:00Z"), NOW)).toBe("12 Jan");
    expect(formatShortDate(new Date("2025-01-12T10:00:00Z"), NOW)).toBe("12 Jan 2025");
    expect(formatShortDate(new Date("2027-03-01T00:00:00Z"), NOW)).toBe("1 Mar 2027");
  });

  it("are UTC dates: late on 31 December in UTC is still that year", () => {
    expect(formatShortDate(new Date("2026-12-31T23:59:00Z"), NOW)).toBe("31 Dec");
    expect(formatShortDate(new Date("2025-12-31T23:59:00Z"), NOW)).toBe("31 Dec 2025");
  });

  it("say the time on a 24-hour clock when asked", () => {
    expect(formatShortDateTime(new Date("2026-01-12T14:05:00Z"), NOW)).toBe("12 Jan, 14:05");
    expect(formatShortDateTime(new Date("2025-01-12T00:05:00Z"), NOW)).toBe("12 Jan 2025, 00:05");
  });
});
