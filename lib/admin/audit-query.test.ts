import { describe, expect, it } from "vitest";
import { auditSearchParams, parseAuditQuery } from "./audit-query";

describe("the audit log's URL", () => {
  it("reads filters as typed, emails in lower case, and round-trips", () => {
    const { filters, position } = parseAuditQuery({
      actor: " Admin@Example.com ",
      action: "force_disconnect",
      seller: "ACCT_1AbC",
      from: "2026-01-01",
      to: "2026-12-31",
    });
    expect(filters).toEqual({
      actor: "admin@example.com",
      action: "FORCE_DISCONNECT",
      seller: "acct_1AbC",
      from: "2026-01-01",
      to: "2026-12-31",
    });
    expect(position).toEqual({});
    expect(
      parseAuditQuery(Object.fromEntries(new URLSearchParams(auditSearchParams(filters)))),
    ).toEqual({ filters, position: {} });
  });

  it("drops what it does not know rather than failing", () => {
    const { filters, position } = parseAuditQuery({
      action: "drop_table",
      from: "2026-02-30",
      to: "yesterday",
      after: "not-a-cursor",
    });
    expect(filters).toEqual({ actor: "", seller: "" });
    expect(position).toEqual({});
  });

  it("keeps the keyset position", () => {
    const cursor = { key: "2026-12-04T03:00:00.000Z", id: "c123" };
    const query = auditSearchParams({ actor: "", seller: "" }, { after: cursor });
    expect(parseAuditQuery(Object.fromEntries(new URLSearchParams(query))).position).toEqual({
      after: cursor,
    });
  });
});
