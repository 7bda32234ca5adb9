import { describe, expect, it } from "vitest";
import { nextCronRun } from "@/lib/jobs/schedule";

describe("nextCronRun", () => {
  it("reads a cron in UTC", () => {
    expect(nextCronRun("0 3 * * *", new Date("2026-12-03T14:00:00Z"))).toEqual(
      new Date("2026-12-04T03:00:00Z"),
    );
    expect(nextCronRun("0 3 * * *", new Date("2026-12-03T02:59:00Z"))).toEqual(
      new Date("2026-12-03T03:00:00Z"),
    );
    expect(nextCronRun("17 * * * *", new Date("2026-12-03T14:20:00Z"))).toEqual(
      new Date("2026-12-03T15:17:00Z"),
    );
  });
});
