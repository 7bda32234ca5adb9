/**
 * The demo and benchmark population (prisma/seed-sellers.ts) is written by SQL, not through
 * accountSnapshot: these tests check that what it stores is what the app would store for the
 * same account state, so that the admin lists and benchmarks run on rows the app could produce.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { accountStateColumns } from "@/lib/stripe/account-snapshot";
import { parseAccountState } from "@/lib/stripe/account-state";
import { READINESS_STATES } from "@/lib/stripe/readiness";
import { seedSellers } from "@/prisma/seed-sellers";

const SELLERS = 3000;

async function seededConnections() {
  await seedSellers(SELLERS, () => undefined);
  return db().stripeConnection.findMany({
    where: { id: { startsWith: "seed" } },
    select: {
      id: true,
      chargesEnabled: true,
      payoutsEnabled: true,
      requirementsDue: true,
      readiness: true,
      nextDeadline: true,
      disabledReason: true,
      futureRequirementsDue: true,
      cardPaymentsStatus: true,
      transfersStatus: true,
      accountState: true,
    },
  });
}

describe("seeded sellers", () => {
  it("store, for every connection, the readiness and columns readinessOf gives its account state", async () => {
    const rows = await seededConnections();
    expect(rows.length).toBeGreaterThan(SELLERS);
    const drifted = rows.flatMap((row): { id: string; problem: unknown }[] => {
      const state = parseAccountState(row.accountState);
      if (!state) return [{ id: row.id, problem: "no account state" }];
      const columns = accountStateColumns(row, state);
      const expected = {
        requirementsDue: columns.requirementsDue,
        readiness: columns.readiness,
        nextDeadline: columns.nextDeadline,
        disabledReason: columns.disabledReason,
        futureRequirementsDue: columns.futureRequirementsDue,
        cardPaymentsStatus: columns.cardPaymentsStatus,
        transfersStatus: columns.transfersStatus,
      };
      const actual = {
        requirementsDue: row.requirementsDue,
        readiness: row.readiness,
        nextDeadline: row.nextDeadline,
        disabledReason: row.disabledReason,
        futureRequirementsDue: row.futureRequirementsDue,
        cardPaymentsStatus: row.cardPaymentsStatus,
        transfersStatus: row.transfersStatus,
      };
      const same =
        JSON.stringify({ ...actual, nextDeadline: actual.nextDeadline?.getTime() ?? null }) ===
        JSON.stringify({ ...expected, nextDeadline: expected.nextDeadline?.getTime() ?? null });
      return same ? [] : [{ id: row.id, problem: { actual, expected } }];
    });
    expect(drifted.slice(0, 3)).toEqual([]);
  });

  it("cover every readiness state in a realistic mix, with deadlines, reasons and inactive capabilities", async () => {
    // Every seeded connection, the earlier (ready) ones of sellers who reconnected included.
    const rows = await seededConnections();
    const share = (keep: (row: (typeof rows)[number]) => boolean) =>
      rows.filter(keep).length / rows.length;
    const expected = {
      READY: [0.65, 0.8],
      ACTION_NEEDED: [0.07, 0.14],
      RESTRICTED: [0.03, 0.08],
      IN_REVIEW: [0.02, 0.06],
      UPCOMING: [0.05, 0.11],
    } as const;
    for (const state of READINESS_STATES) {
      const [min, max] = expected[state];
      const got = share((row) => row.readiness === state);
      expect(got, state).toBeGreaterThanOrEqual(min);
      expect(got, state).toBeLessThanOrEqual(max);
    }
    expect(share((row) => row.requirementsDue > 0)).toBeGreaterThan(0.09);
    expect(share((row) => row.requirementsDue > 0)).toBeLessThan(0.16);
    expect(share((row) => !row.chargesEnabled)).toBeGreaterThan(0.08);
    expect(share((row) => !row.chargesEnabled)).toBeLessThan(0.16);

    // Deadlines of accounts that need action: some passed already, some up to 60 days ahead.
    const day = 24 * 3600 * 1000;
    const seededAt = Date.now();
    const ahead = rows
      .filter((row) => row.readiness === "ACTION_NEEDED" && row.nextDeadline)
      .map((row) => ((row.nextDeadline?.getTime() ?? 0) - seededAt) / day);
    expect(ahead.some((days) => days < 0)).toBe(true);
    expect(ahead.some((days) => days > 30)).toBe(true);
    expect(Math.min(...ahead)).toBeGreaterThan(-11);
    expect(Math.max(...ahead)).toBeLessThan(61);

    const restricted = rows.filter((row) => row.readiness === "RESTRICTED");
    const reasons = new Set(restricted.map((row) => row.disabledReason));
    expect(reasons).toEqual(
      new Set(["requirements.past_due", "rejected.fraud", "compliance.regional_hold"]),
    );
    expect(restricted.some((row) => row.cardPaymentsStatus === "inactive")).toBe(true);
    expect(restricted.some((row) => row.transfersStatus === "inactive")).toBe(true);
    expect(rows.some((row) => row.readiness !== "UPCOMING" && row.futureRequirementsDue > 0)).toBe(
      true,
    );
  });
});
