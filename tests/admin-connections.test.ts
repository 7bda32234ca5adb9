/**
 * The admin console's queries on a real database: search (parameterised, fragments, every
 * searchable field), filters, keyset pagination (stable with equal timestamps, forward and back,
 * on every sort), exact counts (capped for a search), the maintained totals, webhook events, and the CSV export.
 *
 * Other test files share the database, so each test's rows carry a unique token in the seller's
 * email and searches include it: a query then sees only that test's rows.
 */
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionFiltersForm } from "@/components/admin/connection-filters-form";
import { WebhookEventsTable } from "@/components/admin/webhook-events-table";
import { connectionsCsvStream } from "@/lib/admin/connections-csv";
import {
  FILTER_NAMES,
  parseConnectionQuery,
  toSearchParams,
  type ConnectionFilters,
  type Position,
} from "@/lib/admin/connection-query";
import { listConnectionHistory } from "@/lib/data/audit";
import {
  COUNT_CAP,
  connectionCountSql,
  connectionPageSql,
  countConnections,
  getConnectionPage,
  iterateConnections,
  listConnections,
  type ConnectionRow,
} from "@/lib/data/connection-list";
import { getConnectionTotals, listWeeklyActivity, startOfWeek } from "@/lib/data/connection-stats";
import { endConnection, endConnectionWithoutAccess, getConnection } from "@/lib/data/connections";
import { updateProfile } from "@/lib/data/users";
import {
  countFailedWebhookEvents,
  listFailedWebhookEvents,
  listWebhookEventsForAccount,
} from "@/lib/data/webhook-events";
import { db } from "@/lib/db";
import { Prisma, type ConnectionStatus, type Readiness } from "@/lib/generated/prisma/client";

interface Spec {
  name?: string | null;
  businessName?: string | null;
  status?: ConnectionStatus;
  livemode?: boolean;
  source?: "OAUTH" | "CREATED";
  chargesEnabled?: boolean;
  requirementsDue?: number;
  readiness?: Readiness;
  nextDeadline?: Date | null;
  futureRequirementsDue?: number;
  cardPaymentsStatus?: string | null;
  transfersStatus?: string | null;
  connectedAt?: Date;
  lastEventAt?: Date | null;
}

/** Sellers with one connection each; every email contains the returned token. */
async function makeConnections(specs: Spec[]) {
  const token = `zq${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const rows = specs.map((spec, i) => {
    const n = String(i).padStart(4, "0");
    return {
      user: {
        id: `${token}u${n}`,
        email: `seller${n}.${token}@scope.test`,
        name: spec.name === undefined ? `Seller ${n}` : spec.name,
      },
      connection: {
        id: `${token}c${n}`,
        userId: `${token}u${n}`,
        sellerName: spec.name === undefined ? `Seller ${n}` : spec.name,
        sellerEmail: `seller${n}.${token}@scope.test`,
        stripeAccountId: `acct_${token}${n}`,
        status: spec.status ?? "CONNECTED",
        scope: "read_write",
        livemode: spec.livemode ?? true,
        source: spec.source ?? "OAUTH",
        businessName: spec.businessName ?? null,
        chargesEnabled: spec.chargesEnabled ?? true,
        requirementsDue: spec.requirementsDue ?? 0,
        readiness: spec.readiness ?? "READY",
        nextDeadline: spec.nextDeadline ?? null,
        futureRequirementsDue: spec.futureRequirementsDue ?? 0,
        cardPaymentsStatus: spec.cardPaymentsStatus ?? null,
        transfersStatus: spec.transfersStatus ?? null,
        connectedAt: spec.connectedAt ?? new Date("2026-01-01T00:00:00Z"),
        lastEventAt: spec.lastEventAt ?? null,
        disconnectedAt: spec.status && spec.status !== "CONNECTED" ? new Date() : null,
      },
    };
  });
  await db().user.createMany({ data: rows.map((r) => r.user) });
  await db().stripeConnection.createMany({ data: rows.map((r) => r.connection) });
  return { token, ids: rows.map((r) => r.connection.id) };
}

/** A connection made by makeConnections, as stored. */
async function stored(id: string | undefined) {
  const connection = await getConnection(id ?? "");
  if (!connection) throw new Error(`no connection ${String(id)}`);
  return connection;
}

function filters(params: Record<string, string>): ConnectionFilters {
  const query = parseConnectionQuery(params);
  expect(query.searchError).toBeUndefined();
  return query.filters;
}

async function ids(params: Record<string, string>): Promise<string[]> {
  return (await listConnections(filters(params), {}, 500)).rows.map((r) => r.id);
}

/** Every page from the first, following `next`; then back from the last, following `previous`. */
async function walk(f: ConnectionFilters, now = new Date()) {
  const forward: ConnectionRow[][] = [];
  let position: Position = {};
  for (;;) {
    const page = await getConnectionPage(f, position, now);
    forward.push(page.rows);
    if (!page.next) break;
    position = { after: page.next };
  }
  const backward: ConnectionRow[][] = [];
  let previous = (await getConnectionPage(f, position, now)).previous;
  while (previous) {
    const page = await getConnectionPage(f, { before: previous }, now);
    backward.unshift(page.rows);
    previous = page.previous;
  }
  return { forward, backward };
}

const at = (iso: string) => new Date(iso);

describe("admin accounts list: search", () => {
  it("finds partial seller names, emails, business names and acct_ ids, whatever their case", async () => {
    const { token, ids: made } = await makeConnections([
      { name: "Ada Lovelace", businessName: "Analytical Engines Ltd" },
      { name: "Grace Hopper", businessName: "Compiler Works" },
      { name: null, businessName: null },
    ]);
    const mine = async (q: string) => (await ids({ q })).filter((id) => id.startsWith(token));
    expect(await mine("lovel")).toEqual([made[0]]);
    expect(await mine("ENGINES")).toEqual([made[0]]);
    expect(await mine(`seller0001.${token}`)).toEqual([made[1]]);
    expect(await mine(`acct_${token}0002`)).toEqual([made[2]]);
    expect(await mine(`ACCT_${token.toUpperCase()}000`)).toHaveLength(3);
    expect(await ids({ q: `${token}@scope` })).toHaveLength(3);
  });

  it("takes LIKE wildcards, quotes and SQL in the search literally", async () => {
    const { token, ids: made } = await makeConnections([
      { businessName: "100% Organic" },
      { businessName: "1000 Oranges" },
      { businessName: "abc_def Studio" },
      { businessName: "abcxdef Studio" },
      { businessName: `O'Brien "Quotes"` },
    ]);
    const mine = async (q: string) => (await ids({ q })).filter((id) => id.startsWith(token));
    expect(await mine("100%")).toEqual([made[0]]);
    expect(await mine("abc_def")).toEqual([made[2]]);
    expect(await mine(`o'brien "quotes"`)).toEqual([made[4]]);
    expect(await ids({ q: `'); DROP TABLE "User"; --` })).toEqual([]);
    expect(await db().user.count({ where: { id: { startsWith: token } } })).toBe(5);
  });

  it("never matches across two fields", async () => {
    const { token } = await makeConnections([{ name: "Zed", businessName: "Tech Emporium" }]);
    expect(await ids({ q: `scope.test tech` })).toEqual([]);
    expect(await ids({ q: `${token}@scope.test` })).toHaveLength(1);
  });

  it("refuses fragments without three letters or digits in a row, instead of reading every row", () => {
    for (const q of ["ab", "a.b", "a b c", "@@"]) {
      expect(parseConnectionQuery({ q }).searchError).toMatch(/at least 3 letters or digits/);
    }
  });

  it("finds a seller by the name they change on their profile", async () => {
    const { token, ids: made } = await makeConnections([{ name: "Old Name" }]);
    await updateProfile(`${token}u0000`, {
      name: "Brand Newname",
      businessName: null,
      websiteUrl: null,
    });
    expect(await ids({ q: "brand newname" })).toEqual(made);
    expect(await ids({ q: `old name` })).not.toContain(made[0]);
  });
});

describe("admin accounts list: filters and counts", () => {
  it("filters by readiness, alone and with the other filters", async () => {
    const states = ["READY", "ACTION_NEEDED", "RESTRICTED", "IN_REVIEW", "UPCOMING"] as const;
    const specs: Spec[] = states.flatMap((readiness) =>
      [true, false].map((livemode) => ({ readiness, livemode })),
    );
    const { token, ids: made } = await makeConnections(specs);
    const expected = (keep: (s: Spec) => boolean) =>
      made.filter((_, i) => keep(specs[i] ?? {})).sort();
    const got = async (params: Record<string, string>) =>
      (await ids({ q: token, ...params })).sort();

    for (const state of states) {
      expect(await got({ readiness: state.toLowerCase() })).toEqual(
        expected((s) => s.readiness === state),
      );
    }
    expect(await got({ readiness: "restricted", mode: "test" })).toEqual(
      expected((s) => s.readiness === "RESTRICTED" && s.livemode === false),
    );
    // An unknown value is no filter.
    expect(await got({ readiness: "bogus" })).toEqual(made.slice().sort());
  });

  it("filters by status, mode, charges and requirements, alone and together", async () => {
    const specs: Spec[] = [];
    for (const status of ["CONNECTED", "DISCONNECTED", "REVOKED"] as const) {
      for (const livemode of [true, false]) {
        for (const chargesEnabled of [true, false]) {
          for (const requirementsDue of [0, 2]) {
            specs.push({ status, livemode, chargesEnabled, requirementsDue });
          }
        }
      }
    }
    const { token, ids: made } = await makeConnections(specs);
    const expected = (keep: (s: Spec) => boolean) =>
      made.filter((_, i) => keep(specs[i] ?? {})).sort();
    const got = async (params: Record<string, string>) =>
      (await ids({ q: token, ...params })).sort();

    expect(await got({ status: "revoked" })).toEqual(expected((s) => s.status === "REVOKED"));
    expect(await got({ mode: "test" })).toEqual(expected((s) => s.livemode === false));
    expect(await got({ charges: "disabled" })).toEqual(expected((s) => s.chargesEnabled === false));
    expect(await got({ requirements: "due" })).toEqual(
      expected((s) => (s.requirementsDue ?? 0) > 0),
    );
    expect(await got({ requirements: "none" })).toEqual(expected((s) => s.requirementsDue === 0));
    expect(
      await got({ status: "connected", mode: "live", charges: "enabled", requirements: "due" }),
    ).toEqual(
      expected(
        (s) =>
          s.status === "CONNECTED" && !!s.livemode && !!s.chargesEnabled && s.requirementsDue === 2,
      ),
    );
    expect(await countConnections(filters({ q: token, status: "disconnected" }))).toEqual({
      count: 8,
      capped: false,
    });
  });

  it(`counts exactly up to ${COUNT_CAP}, then says "more"`, async () => {
    const { token } = await makeConnections(Array.from({ length: COUNT_CAP + 1 }, () => ({})));
    expect(await countConnections(filters({ q: token }))).toEqual({
      count: COUNT_CAP,
      capped: true,
    });
    await db().stripeConnection.delete({ where: { id: `${token}c0000` } });
    expect(await countConnections(filters({ q: token }))).toEqual({
      count: COUNT_CAP,
      capped: false,
    });
  });

  it("keeps the totals by status and mode exact through inserts, updates and deletes", async () => {
    const actual = async () => {
      const totals = {
        CONNECTED: { live: 0, test: 0 },
        DISCONNECTED: { live: 0, test: 0 },
        REVOKED: { live: 0, test: 0 },
      };
      const groups = await db().stripeConnection.groupBy({
        by: ["status", "livemode"],
        _count: true,
      });
      for (const g of groups) totals[g.status][g.livemode ? "live" : "test"] = g._count;
      return totals;
    };
    const { token, ids: made } = await makeConnections([
      { livemode: false },
      { livemode: true },
      { status: "REVOKED", livemode: false },
    ]);
    expect(await getConnectionTotals()).toEqual(await actual());
    await endConnectionWithoutAccess(await stored(made[0]), { reason: "deauthorized" });
    await db().stripeConnection.update({
      where: { id: made[1] },
      data: { lastEventAt: new Date() },
    });
    expect(await getConnectionTotals()).toEqual(await actual());
    // A change of mode, a status set to the one it had, and several rows changed at once.
    await db().stripeConnection.update({ where: { id: made[1] }, data: { livemode: false } });
    await db().stripeConnection.update({ where: { id: made[2] }, data: { status: "REVOKED" } });
    await db().stripeConnection.updateMany({
      where: { id: { in: made } },
      data: { status: "DISCONNECTED" },
    });
    expect(await getConnectionTotals()).toEqual(await actual());
    await db().user.deleteMany({ where: { id: { startsWith: token } } });
    expect(await getConnectionTotals()).toEqual(await actual());
  });
});

describe("admin accounts list: exact counts", () => {
  const now = at("2026-06-15T12:00:00.000Z");
  const inDays = (days: number) => new Date(now.getTime() + days * 24 * 3600 * 1000);
  // Every filtered column, in combinations (capability statuses: known, unknown, neither active).
  const profiles: Spec[] = [
    {},
    { status: "REVOKED", livemode: false, requirementsDue: 2, readiness: "ACTION_NEEDED" },
    { status: "DISCONNECTED", chargesEnabled: false, nextDeadline: inDays(-2), source: "CREATED" },
    { chargesEnabled: false, requirementsDue: 1, readiness: "RESTRICTED", nextDeadline: inDays(5) },
    { futureRequirementsDue: 3, readiness: "UPCOMING", nextDeadline: inDays(20) },
    { cardPaymentsStatus: "inactive", transfersStatus: "active", readiness: "RESTRICTED" },
    {
      cardPaymentsStatus: "active",
      transfersStatus: "pending",
      readiness: "IN_REVIEW",
      source: "CREATED",
    },
    { cardPaymentsStatus: "active", transfersStatus: "active", livemode: false },
    { cardPaymentsStatus: null, transfersStatus: "inactive", status: "REVOKED" },
    { cardPaymentsStatus: "active", transfersStatus: null },
  ];
  const specs = Array.from(
    { length: profiles.length * 7 },
    (_, i) => profiles[i % profiles.length] ?? {},
  );
  const views: Record<string, string>[] = [
    {},
    { status: "connected" },
    { status: "revoked", mode: "test" },
    { charges: "disabled" },
    { requirements: "due" },
    { requirements: "none", charges: "enabled" },
    { readiness: "restricted", status: "connected" },
    { upcoming: "1" },
    { capability: "inactive" },
    { capability: "inactive", mode: "live", requirements: "none" },
    { deadline: "7" },
    { deadline: "30", charges: "disabled" },
    { source: "created" },
    { source: "oauth" },
    { source: "created", status: "disconnected" },
    { source: "oauth", status: "connected", mode: "live" },
    { source: "created", readiness: "in_review", capability: "inactive" },
    { source: "oauth", deadline: "30" },
  ];

  /** Every matching row, read from the connections themselves (not from any total). */
  async function listed(params: Record<string, string>): Promise<number> {
    return (await listConnections(filters(params), {}, 1_000_000, now)).rows.length;
  }

  /** Each view's count, exact, with and without the search that selects only this test's rows. */
  async function expectExactCounts(token: string) {
    for (const view of views) {
      const all = await countConnections(filters(view), now);
      expect(all, JSON.stringify(view)).toEqual({ count: await listed(view), capped: false });
      const mine = await countConnections(filters({ q: token, ...view }), now);
      expect(mine, JSON.stringify(view)).toEqual({
        count: await listed({ q: token, ...view }),
        capped: false,
      });
    }
  }

  it("counts every filter and combination exactly, beyond the search's cap, through writes", async () => {
    const { token, ids: made } = await makeConnections(specs);
    // The total of every connection is exact, past COUNT_CAP if there are that many.
    expect((await countConnections(filters({}), now)).count).toBe(
      await db().stripeConnection.count(),
    );
    expect((await countConnections(filters({ q: token, requirements: "due" }), now)).count).toBe(
      14,
    );
    await expectExactCounts(token);

    // Updates of every counted column, some of which change no filter's answer (2 → 3 due).
    await db().stripeConnection.update({ where: { id: made[1] }, data: { requirementsDue: 3 } });
    await db().stripeConnection.update({ where: { id: made[0] }, data: { requirementsDue: 1 } });
    await db().stripeConnection.update({ where: { id: made[3] }, data: { chargesEnabled: true } });
    await db().stripeConnection.update({
      where: { id: made[8] },
      data: { cardPaymentsStatus: "pending", transfersStatus: "active" },
    });
    await db().stripeConnection.update({
      where: { id: made[5] },
      data: { cardPaymentsStatus: "active", futureRequirementsDue: 1 },
    });
    await db().stripeConnection.updateMany({
      where: { id: { in: made.slice(10, 30) } },
      data: { status: "DISCONNECTED", chargesEnabled: false },
    });
    await expectExactCounts(token);

    // Deleted sellers take their connections, and their counts, with them.
    const sellers = made.slice(0, 12).map((id) => `${token}u${id.slice(token.length + 1)}`);
    await db().user.deleteMany({ where: { id: { in: sellers } } });
    await expectExactCounts(token);
    await db().user.deleteMany({ where: { id: { startsWith: token } } });
  });

  it("tells each page's range as it is reached forward and back, on any sort", async () => {
    const { token } = await makeConnections(
      Array.from({ length: 120 }, (_, i) => ({
        connectedAt: new Date(Date.UTC(2026, 0, 1 + (i % 9))),
        lastEventAt: i % 4 === 0 ? null : new Date(Date.UTC(2026, 1, 1 + (i % 5))),
      })),
    );
    for (const sort of ["connected_desc", "last_event_asc"]) {
      const f = filters({ q: token, sort });
      const first = await getConnectionPage(f, {}, now);
      expect([first.start, first.rows.length, first.hasMore]).toEqual([0, 50, true]);
      const second = await getConnectionPage(
        f,
        { after: first.next ?? { key: null, id: "" } },
        now,
      );
      expect([second.start, second.rows.length, second.hasMore]).toEqual([50, 50, true]);
      const third = await getConnectionPage(
        f,
        { after: second.next ?? { key: null, id: "" } },
        now,
      );
      expect([third.start, third.rows.length, third.hasMore]).toEqual([100, 20, false]);
      const back = await getConnectionPage(
        f,
        { before: third.previous ?? { key: null, id: "" } },
        now,
      );
      expect(back.start).toBe(50);
      expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
      const start = await getConnectionPage(
        f,
        { before: back.previous ?? { key: null, id: "" } },
        now,
      );
      expect(start.start).toBe(0);
      expect(start.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
      // A cursor from a link without an index: the rows, and no range.
      const bare = { key: first.next?.key ?? null, id: first.next?.id ?? "" };
      expect((await getConnectionPage(f, { after: bare }, now)).start).toBeUndefined();
    }
  });
});

describe("admin accounts list: deadline, upcoming requirements and capability filters", () => {
  const now = at("2026-06-15T12:00:00.000Z");
  const later = (days: number, ms = 0) => new Date(now.getTime() + days * 24 * 3600 * 1000 + ms);
  // Each profile is repeated with different modes and sort keys (ties included).
  const profiles: Spec[] = [
    { readiness: "RESTRICTED", nextDeadline: later(-10) }, // passed: in every window
    { readiness: "ACTION_NEEDED", nextDeadline: later(7) }, // the last instant of 7 days
    { readiness: "ACTION_NEEDED", nextDeadline: later(7, 1) }, // just after it
    { readiness: "ACTION_NEEDED", nextDeadline: later(30) },
    { readiness: "ACTION_NEEDED", nextDeadline: later(30, 1) },
    { readiness: "READY" },
    { readiness: "UPCOMING", futureRequirementsDue: 2, nextDeadline: later(45) },
    { readiness: "ACTION_NEEDED", futureRequirementsDue: 1, nextDeadline: later(3) },
    { readiness: "RESTRICTED", cardPaymentsStatus: "inactive", transfersStatus: "active" },
    { readiness: "IN_REVIEW", cardPaymentsStatus: "active", transfersStatus: "pending" },
    { readiness: "READY", cardPaymentsStatus: "active", transfersStatus: "active" },
    { readiness: "RESTRICTED", cardPaymentsStatus: null, transfersStatus: "inactive" },
  ];
  const specs: Spec[] = Array.from({ length: profiles.length * 27 }, (_, i) => ({
    ...profiles[i % profiles.length],
    livemode: i % 3 !== 0,
    connectedAt: at(["2026-03-01T10:00:00.000Z", "2026-03-02T10:00:00.000Z"][i % 2] ?? ""),
    lastEventAt: i % 5 === 0 ? null : at(`2026-05-0${String(1 + (i % 7))}T00:00:00.000Z`),
  }));
  const within = (days: number) => (s: Spec) =>
    s.nextDeadline != null && s.nextDeadline.getTime() <= later(days).getTime();
  const cases: [Record<string, string>, (s: Spec) => boolean][] = [
    [{ deadline: "7" }, within(7)],
    [{ deadline: "30" }, within(30)],
    [{ upcoming: "1" }, (s) => (s.futureRequirementsDue ?? 0) > 0],
    [
      { capability: "inactive" },
      (s) => [s.cardPaymentsStatus, s.transfersStatus].some((v) => v != null && v !== "active"),
    ],
  ];

  /** The made rows that `keep` selects, in the order of `sort`. */
  function expectedOrder(made: string[], keep: (s: Spec) => boolean, sort: string): string[] {
    const key = (s: Spec) =>
      (sort.startsWith("last_event") ? s.lastEventAt : s.connectedAt)?.getTime() ?? -Infinity;
    const sign = sort.endsWith("asc") ? 1 : -1;
    return made
      .map((id, i) => ({ id, spec: specs[i] ?? {} }))
      .filter(({ spec }) => keep(spec))
      .sort((a, b) => (key(a.spec) - key(b.spec) || (a.id < b.id ? -1 : 1)) * sign)
      .map(({ id }) => id);
  }

  it("returns exactly the matching rows, page by page, forward and back, on both sorts", async () => {
    const { token, ids: made } = await makeConnections(specs);
    for (const [params, keep] of cases) {
      for (const sort of ["connected_desc", "last_event_asc"]) {
        const expected = expectedOrder(made, keep, sort);
        const { forward, backward } = await walk(filters({ q: token, ...params, sort }), now);
        expect(
          forward.flat().map((r) => r.id),
          JSON.stringify(params),
        ).toEqual(expected);
        expect(forward.length, JSON.stringify(params)).toBeGreaterThan(1);
        expect(backward.map((p) => p.map((r) => r.id))).toEqual(
          forward.slice(0, -1).map((p) => p.map((r) => r.id)),
        );
        expect(await countConnections(filters({ q: token, ...params }), now)).toEqual({
          count: expected.length,
          capped: false,
        });
      }
    }
  });

  it("combines with the other filters and the sorts, paginated by the cursor", async () => {
    const { token, ids: made } = await makeConnections(specs);
    const others: [Record<string, string>, (s: Spec) => boolean][] = [
      [{ mode: "test" }, (s) => s.livemode === false],
      [{ readiness: "action_needed" }, (s) => s.readiness === "ACTION_NEEDED"],
      [{ deadline: "30" }, within(30)],
    ];
    for (const [params, keep] of cases) {
      for (const [otherParams, otherKeep] of others) {
        if (Object.keys(otherParams).some((name) => name in params)) continue;
        for (const sort of ["connected_asc", "last_event_desc"]) {
          const f = filters({ q: token, ...params, ...otherParams, sort });
          const got: string[] = [];
          // Pages of 4 rows, each from the previous one's last row.
          for await (const rows of iterateConnections(f, 4, now)) {
            got.push(...rows.map((r) => r.id));
          }
          expect(got, JSON.stringify({ ...params, ...otherParams, sort })).toEqual(
            expectedOrder(made, (s) => keep(s) && otherKeep(s), sort),
          );
        }
      }
    }
  });

  it("moves the deadline window with the time it is given, and ignores values it does not know", async () => {
    const { token, ids: made } = await makeConnections(profiles);
    const sevenDays = async (when: Date) =>
      (await listConnections(filters({ q: token, deadline: "7" }), {}, 500, when)).rows
        .map((r) => r.id)
        .sort();
    expect(await sevenDays(now)).toEqual([made[0], made[1], made[7]].sort());
    // A millisecond later, the deadline that was the last instant of the window is inside it
    // still, and the one just after it enters.
    expect(await sevenDays(new Date(now.getTime() + 1))).toEqual(
      [made[0], made[1], made[2], made[7]].sort(),
    );
    const unknowns: Record<string, string>[] = [
      { deadline: "14" },
      { upcoming: "yes" },
      { capability: "active" },
    ];
    for (const unknown of unknowns) {
      expect((await ids({ q: token, ...unknown })).sort(), JSON.stringify(unknown)).toEqual(
        made.slice().sort(),
      );
    }
  });

  it("exports the filtered rows with their readiness and deadline", async () => {
    const { token, ids: made } = await makeConnections(profiles);
    const text = await new Response(
      connectionsCsvStream(filters({ q: token, deadline: "7", sort: "connected_asc" }), now),
    ).text();
    const lines = text.split("\r\n").slice(1, -1);
    expect(lines.map((line) => line.slice(1, line.indexOf('"', 1))).sort()).toEqual(
      [made[0], made[1], made[7]].sort(),
    );
    expect(lines.find((line) => line.startsWith(`"${made[0] ?? ""}"`))).toContain(
      `,"restricted",${later(-10).toISOString()},`,
    );
  });
});

describe("admin accounts list: the filters form", () => {
  /** Each select of the rendered form: its name, offered values (not "Any") and selected one. */
  function selectsOf(filters: ConnectionFilters) {
    const html = renderToStaticMarkup(createElement(ConnectionFiltersForm, { filters }));
    return [...html.matchAll(/<select[^>]* name="([^"]+)"[^>]*>(.*?)<\/select>/g)].map((m) => {
      const options = [...(m[2] ?? "").matchAll(/<option value="([^"]*)"( selected="")?/g)];
      return {
        name: m[1] ?? "",
        values: options.map((o) => o[1] ?? "").filter((v) => v !== ""),
        selected: options.find((o) => o[2])?.[1] ?? "",
      };
    });
  }

  it("offers every filter the list understands, and only values it understands", () => {
    const selects = selectsOf(parseConnectionQuery({}).filters);
    expect(selects.map((s) => s.name)).toEqual([...FILTER_NAMES, "sort"]);
    for (const { name, values } of selects) {
      expect(values.length, name).toBeGreaterThan(0);
      for (const value of values) {
        // The list's URL for that choice says it back, and the form shows it selected.
        const { filters } = parseConnectionQuery({ [name]: value });
        expect(toSearchParams(filters), `${name}=${value}`).toBe(
          name === "sort" && value === "connected_desc" ? "" : `${name}=${value}`,
        );
        expect(selectsOf(filters).find((s) => s.name === name)?.selected).toBe(value);
      }
    }
  });
});

describe("admin accounts list: keyset pagination", () => {
  // 130 rows: 3 pages. Most share one of three connectedAt values; lastEventAt is often equal,
  // often missing. Row order must be total and stable, whatever the ties.
  const specs: Spec[] = Array.from({ length: 130 }, (_, i) => ({
    connectedAt: at(
      ["2026-03-01T10:00:00.000Z", "2026-03-02T10:00:00.000Z", "2026-02-01T08:30:00.123Z"][i % 3] ??
        "",
    ),
    lastEventAt:
      i % 4 === 0
        ? null
        : at(
            i % 2
              ? "2026-05-05T05:05:05.005Z"
              : `2026-06-01T00:00:${String(i % 60).padStart(2, "0")}.000Z`,
          ),
  }));

  for (const sort of [
    "connected_desc",
    "connected_asc",
    "last_event_desc",
    "last_event_asc",
  ] as const) {
    it(`pages through every row once, in order, forward and back (${sort})`, async () => {
      const { token, ids: made } = await makeConnections(specs);
      const key = (i: number) => {
        const s = specs[i] ?? {};
        const value = sort.startsWith("last_event") ? s.lastEventAt : s.connectedAt;
        return value ? value.getTime() : -Infinity;
      };
      const ascending = sort.endsWith("asc");
      const expected = made
        .map((id, i) => ({ id, key: key(i) }))
        .sort((a, b) => (a.key - b.key || (a.id < b.id ? -1 : 1)) * (ascending ? 1 : -1))
        .map((r) => r.id);

      const { forward, backward } = await walk(filters({ q: token, sort }));

      expect(forward.map((p) => p.length)).toEqual([50, 50, 30]);
      expect(forward.flat().map((r) => r.id)).toEqual(expected);
      // Back from the last page: the pages before it, the same rows in the same order.
      expect(backward.map((p) => p.map((r) => r.id))).toEqual(
        forward.slice(0, -1).map((p) => p.map((r) => r.id)),
      );
    });
  }

  it("shows a full first page when going back to the start after rows were deleted", async () => {
    const { token } = await makeConnections(specs.slice(0, 60));
    const f = filters({ q: token });
    const first = await getConnectionPage(f, {});
    const second = await getConnectionPage(f, { after: first.next ?? { key: null, id: "" } });
    await db().stripeConnection.deleteMany({
      where: { id: { in: first.rows.slice(0, 5).map((r) => r.id) } },
    });
    const back = await getConnectionPage(f, { before: second.previous ?? { key: null, id: "" } });
    expect(back.rows).toHaveLength(50);
    expect(back.previous).toBeUndefined();
  });
});

describe("admin console: history, webhook events, activity", () => {
  it("lists an account's webhook events newest first with their payloads, and the failed ones", async () => {
    const { token } = await makeConnections([{}]);
    const account = `acct_${token}0000`;
    const event = (n: number, status: "PROCESSED" | "FAILED", created: string) => ({
      id: `evt_${token}${n}`,
      type: "account.updated",
      account,
      livemode: true,
      created: at(created),
      payload: {
        id: `evt_${token}${n}`,
        data: { object: { business_profile: { name: "<script>x</script>" } } },
      },
      status,
      attempts: status === "FAILED" ? 3 : 1,
      lastError: status === "FAILED" ? "Stripe timed out" : null,
    });
    await db().webhookEvent.createMany({
      data: [
        event(1, "PROCESSED", "2026-01-01T00:00:00Z"),
        event(2, "FAILED", "2026-01-03T00:00:00Z"),
        event(3, "PROCESSED", "2026-01-02T00:00:00Z"),
        { ...event(4, "PROCESSED", "2026-01-04T00:00:00Z"), account: "acct_someone_else" },
      ],
    });

    const events = await listWebhookEventsForAccount(account);
    expect(events.map((e) => e.id)).toEqual([2, 3, 1].map((n) => `evt_${token}${n}`));
    expect(events[0]).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastError: "Stripe timed out",
    });
    expect(events[0]?.payload).toEqual(event(2, "FAILED", "2026-01-03T00:00:00Z").payload);
    expect((await listFailedWebhookEvents(1000)).map((e) => e.id)).toContain(`evt_${token}2`);
    expect(await countFailedWebhookEvents()).toBeGreaterThanOrEqual(1);

    // The table shows each payload as text: markup in it is escaped, never interpreted.
    const html = renderToStaticMarkup(
      createElement(WebhookEventsTable, {
        events,
        connectionId: "a-connection",
        retryAction: () => Promise.resolve(),
      }),
    );
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain("Stripe timed out");
    // Only the failed event can be retried.
    expect(html.match(/aria-label="Retry evt_/g)).toHaveLength(1);
    expect(html).toContain(`aria-label="Retry evt_${token}2"`);
  });

  it("records who ended a connection and why, in its history", async () => {
    const { ids: made } = await makeConnections([{}]);
    const connectionId = made[0] ?? "";
    await endConnection({
      connectionId,
      reason: "Chargeback fraud",
      actorId: "an-admin-id",
      action: "FORCE_DISCONNECT",
    });
    expect(await listConnectionHistory(connectionId)).toEqual([
      expect.objectContaining({
        action: "FORCE_DISCONNECT",
        actorId: "an-admin-id",
        detail: "Chargeback fraud",
      }),
    ]);
  });

  it("counts new connections and revocations per week, Monday to Sunday (UTC)", async () => {
    expect(startOfWeek(at("2026-11-28T20:00:00Z"))).toEqual(at("2026-11-23T00:00:00Z")); // Saturday
    expect(startOfWeek(at("2026-11-29T23:59:59Z"))).toEqual(at("2026-11-23T00:00:00Z")); // Sunday
    expect(startOfWeek(at("2026-11-23T00:00:00Z"))).toEqual(at("2026-11-23T00:00:00Z")); // Monday

    const now = new Date();
    const before = await listWeeklyActivity(4, now);
    const monday = startOfWeek(now);
    const twoWeeksAgo = new Date(monday.getTime() - 14 * 24 * 3600 * 1000 + 3600 * 1000);
    const { ids: made } = await makeConnections([
      { connectedAt: twoWeeksAgo },
      { connectedAt: twoWeeksAgo },
      { connectedAt: new Date(monday.getTime() + 1000) },
    ]);
    await endConnectionWithoutAccess(await stored(made[0]), { reason: "access_invalid", at: now });
    const after = await listWeeklyActivity(4, now);

    expect(after.map((w) => w.week)).toEqual(before.map((w) => w.week));
    expect(after.at(-1)?.week).toEqual(monday);
    expect(after.map((w, i) => w.connections - (before[i]?.connections ?? 0))).toEqual([
      0, 2, 0, 1,
    ]);
    expect(after.map((w, i) => w.revocations - (before[i]?.revocations ?? 0))).toEqual([
      0, 0, 0, 1,
    ]);
  });
});

describe("admin accounts list: the source filter's plans", () => {
  const bulk = `zs${randomUUID().replace(/-/g, "").slice(0, 10)}`;

  beforeAll(async () => {
    // 20,000 connections, one in fifty created by the marketplace: enough for the planner to
    // prefer an index over reading everything, as it must on a big table.
    await db().$executeRaw(Prisma.sql`
      INSERT INTO "User" ("id", "email", "updatedAt")
      SELECT ${bulk} || 'u' || g, ${bulk} || g || '@bulk.test', now()
      FROM generate_series(1, 20000) AS g`);
    await db().$executeRaw(Prisma.sql`
      INSERT INTO "StripeConnection" ("id", "userId", "sellerEmail", "stripeAccountId", "scope",
        "livemode", "source", "connectedAt", "updatedAt")
      SELECT ${bulk} || 'c' || g, ${bulk} || 'u' || g, ${bulk} || g || '@bulk.test',
        'acct_' || ${bulk} || g, 'read_write', g % 3 = 0,
        (CASE WHEN g % 50 = 0 THEN 'CREATED' ELSE 'OAUTH' END)::"ConnectionSource",
        timestamp '2020-01-01' + g * interval '1 hour', now()
      FROM generate_series(1, 20000) AS g`);
    await db().$executeRaw`ANALYZE "StripeConnection"`;
  });

  afterAll(async () => {
    await db().user.deleteMany({ where: { id: { startsWith: bulk } } });
  });

  async function plan(sql: Prisma.Sql): Promise<string> {
    const rows = await db().$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${sql}`);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  }

  it("pages and counts by source from indexes, never the whole table", async () => {
    const cursor = { key: "2021-01-01T00:00:00.000Z", id: `${bulk}c9000` };
    const views: Record<string, string>[] = [
      { source: "created" },
      { source: "created", status: "connected", mode: "test" },
      { source: "created", sort: "last_event_desc" },
      { source: "oauth" },
      { source: "oauth", mode: "live", sort: "connected_asc" },
    ];
    for (const view of views) {
      const f = filters(view);
      for (const position of [{}, { after: cursor }, { before: cursor }] as Position[]) {
        const text = await plan(connectionPageSql(f, position, 51));
        expect(text, JSON.stringify({ view, position })).not.toMatch(
          /Seq Scan on "StripeConnection"/,
        );
      }
      const count = await plan(connectionCountSql(f));
      expect(count, JSON.stringify(view)).not.toMatch(/Seq Scan on "StripeConnection"/);
    }
    expect(await plan(connectionCountSql(filters({ source: "created" })))).toMatch(
      /Index Only Scan using "StripeConnection_created_\w+_idx"/,
    );
    expect(await countConnections(filters({ source: "created" }))).toEqual({
      count: await db().stripeConnection.count({ where: { source: "CREATED" } }),
      capped: false,
    });
    expect(await countConnections(filters({ source: "oauth", mode: "test" }))).toEqual({
      count: await db().stripeConnection.count({ where: { source: "OAUTH", livemode: false } }),
      capped: false,
    });
  });
});

describe("admin accounts list: CSV export", () => {
  it("streams the filtered list with a header, quoting and formulas neutralised", async () => {
    const { token } = await makeConnections([
      {
        name: "Ann, Jr.",
        businessName: '=HYPERLINK("http://evil.example","x")',
        connectedAt: at("2026-02-02T00:00:00Z"),
      },
      { name: "Bob", businessName: "Plain Shop", status: "REVOKED" },
    ]);
    const text = await new Response(
      connectionsCsvStream(filters({ q: token, sort: "connected_desc" })),
    ).text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      '"connection_id","seller_name","seller_email","business_name","stripe_account_id","status","mode","source","charges_enabled","payouts_enabled","requirements_due","readiness","next_deadline","connected_at","disconnected_at","last_event_at"',
    );
    expect(lines[1]).toBe(
      `"${token}c0000","Ann, Jr.","seller0000.${token}@scope.test","'=HYPERLINK(""http://evil.example"",""x"")","acct_${token}0000","connected","live","oauth",true,false,0,"ready",,2026-02-02T00:00:00.000Z,,`,
    );
    expect(lines).toHaveLength(4); // header, two rows, and the final line end
    const revoked = await new Response(
      connectionsCsvStream(filters({ q: token, status: "revoked" })),
    ).text();
    expect(revoked.split("\r\n").slice(1, -1)).toEqual([expect.stringContaining(',"Bob",')]);
  });
});
