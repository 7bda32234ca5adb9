import { describe, expect, it } from "vitest";
import {
  accountsListHref,
  decodeCursor,
  describeResults,
  encodeCursor,
  hasFilters,
  normaliseSearch,
  parseConnectionQuery,
  sortAfterClick,
  sortColumnOf,
  toSearchParams,
} from "@/lib/admin/connection-query";

describe("parseConnectionQuery", () => {
  it("defaults to every connection, newest first, from the first page", () => {
    expect(parseConnectionQuery({})).toEqual({
      filters: {
        q: "",
        status: undefined,
        mode: undefined,
        charges: undefined,
        requirements: undefined,
        sort: "connected_desc",
      },
      position: {},
    });
  });

  it("reads every filter, and drops values it does not know as if they were absent", () => {
    const { filters } = parseConnectionQuery({
      q: "  Acme \n Ltd ",
      status: "revoked",
      mode: ["test", "live"],
      charges: "maybe",
      requirements: "due",
      sort: "DROP TABLE",
    });
    expect(filters).toEqual({
      q: "Acme Ltd",
      status: "revoked",
      mode: "test",
      charges: undefined,
      requirements: "due",
      sort: "connected_desc",
    });
  });

  it("reads the readiness, deadline, upcoming-requirements and capability filters", () => {
    const { filters } = parseConnectionQuery({
      readiness: "restricted",
      deadline: "30",
      upcoming: "1",
      capability: "inactive",
    });
    expect(filters).toMatchObject({
      readiness: "restricted",
      deadline: "30",
      upcoming: "1",
      capability: "inactive",
    });
    const unknown = parseConnectionQuery({
      readiness: "READY",
      deadline: "14",
      upcoming: "yes",
      capability: "active",
    }).filters;
    expect([unknown.readiness, unknown.deadline, unknown.upcoming, unknown.capability]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(hasFilters(unknown)).toBe(false);
    expect(hasFilters(parseConnectionQuery({ capability: "inactive" }).filters)).toBe(true);
  });

  it("refuses a search the trigram index cannot serve, keeping it as typed for the form", () => {
    const query = parseConnectionQuery({ q: "a.b", after: encodeCursor({ key: null, id: "x" }) });
    expect(query.filters.q).toBe("a.b");
    expect(query.position).toEqual({});
    expect(query.searchError).toMatch(/at least 3 letters or digits in a row/);
    expect(parseConnectionQuery({ q: "Zoë" }).searchError).toBeUndefined();
    expect(parseConnectionQuery({ q: "acct_1Nv" }).searchError).toBeUndefined();
  });

  it("reads a cursor it wrote, and ignores a forged or broken one", () => {
    const cursor = { key: "2026-03-01T10:00:00.000Z", id: "ckabc123" };
    expect(parseConnectionQuery({ after: encodeCursor(cursor) }).position).toEqual({
      after: cursor,
    });
    expect(
      parseConnectionQuery({ before: encodeCursor({ key: null, id: "c1" }) }).position,
    ).toEqual({ before: { key: null, id: "c1" } });
    const forged = Buffer.from(JSON.stringify(["'; DROP TABLE x; --", "c1"])).toString("base64url");
    for (const value of [
      forged,
      "not-base64-json",
      encodeCursor({ key: null, id: "a b" }),
      "x".repeat(300),
    ]) {
      expect(decodeCursor(value)).toBeUndefined();
    }
  });
});

describe("normaliseSearch", () => {
  it("collapses whitespace and control characters, trims, and keeps 100 characters", () => {
    expect(normaliseSearch("\tjane\u0000\n doe  ")).toBe("jane doe");
    expect(normaliseSearch("x".repeat(150))).toHaveLength(100);
  });
});

describe("toSearchParams", () => {
  it("writes only what is set, so a view's URL is short and reads back the same", () => {
    const { filters } = parseConnectionQuery({
      q: "acme",
      status: "connected",
      sort: "last_event_asc",
    });
    const after = { key: null, id: "c9" };
    const query = toSearchParams(filters, { after });
    expect(query).toBe(`q=acme&status=connected&sort=last_event_asc&after=${encodeCursor(after)}`);
    expect(parseConnectionQuery(Object.fromEntries(new URLSearchParams(query)))).toEqual({
      filters,
      position: { after },
    });
    expect(toSearchParams(parseConnectionQuery({}).filters)).toBe("");
    const urgent = parseConnectionQuery({ deadline: "7", upcoming: "1", capability: "inactive" });
    expect(toSearchParams(urgent.filters)).toBe("deadline=7&upcoming=1&capability=inactive");
  });
});

describe("a cursor's index (the page range)", () => {
  it("reads back with the cursor; a cursor without one (an older link) still reads", () => {
    const cursor = { key: "2026-01-02T03:04:05.000Z", id: "c1", index: 49 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ key: null, id: "c1" }))).toEqual({ key: null, id: "c1" });
    const forged = Buffer.from(JSON.stringify([null, "c1", -3])).toString("base64url");
    expect(decodeCursor(forged)).toBeUndefined();
  });
});

describe("describeResults", () => {
  const total = (count: number, capped = false) => ({ count, capped });
  it("says which rows of how many a page shows", () => {
    expect(describeResults({ start: 0, shown: 50, hasMore: true }, total(3193))).toBe(
      "1–50 of 3,193 connections",
    );
    expect(describeResults({ start: 3150, shown: 43, hasMore: false }, total(3193))).toBe(
      "3,151–3,193 of 3,193 connections",
    );
    expect(describeResults({ start: 0, shown: 50, hasMore: true }, total(1000, true))).toBe(
      "1–50 of 1,000+ connections",
    );
  });
  it("gives just the count when every row is on the page, or the page's start is not known", () => {
    expect(describeResults({ start: 0, shown: 1, hasMore: false }, total(1))).toBe("1 connection");
    expect(describeResults({ start: 0, shown: 2, hasMore: false }, total(2))).toBe("2 connections");
    expect(describeResults({ shown: 50, hasMore: true }, total(3193))).toBe("3,193 connections");
  });
});

describe("sort headers", () => {
  it("sort a column newest first, then the other way round", () => {
    expect(sortColumnOf("last_event_asc")).toEqual({ column: "last_event", ascending: true });
    expect(sortAfterClick("connected", "connected_desc")).toBe("connected_asc");
    expect(sortAfterClick("connected", "connected_asc")).toBe("connected_desc");
    expect(sortAfterClick("last_event", "connected_asc")).toBe("last_event_desc");
    expect(sortAfterClick("last_event", "last_event_desc")).toBe("last_event_asc");
  });
});

describe("accountsListHref", () => {
  it("is the list's URL with those filters, in the list's own parameter order", () => {
    expect(accountsListHref()).toBe("/admin/accounts");
    expect(accountsListHref({ readiness: "restricted", status: "connected" })).toBe(
      "/admin/accounts?status=connected&readiness=restricted",
    );
    expect(accountsListHref({ status: "revoked", mode: "test" })).toBe(
      "/admin/accounts?status=revoked&mode=test",
    );
    expect(accountsListHref({ q: " Ada@Example.com " })).toBe(
      "/admin/accounts?q=Ada%40Example.com",
    );
  });
});
