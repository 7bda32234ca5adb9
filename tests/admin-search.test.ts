/**
 * The admin accounts list's search for an account id (a fragment starting with "acct_"), which
 * is answered from the account id's index rather than the trigram index: it finds exactly the
 * connections a substring search of the search text finds, wherever the fragment occurs.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseConnectionQuery } from "@/lib/admin/connection-query";
import { countConnections, listConnections } from "@/lib/data/connection-list";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

interface Row {
  stripeAccountId: string;
  sellerEmail?: string;
  sellerName?: string;
  businessName?: string;
}

async function makeConnections(token: string, rows: Row[]): Promise<void> {
  for (const [i, row] of rows.entries()) {
    const email = row.sellerEmail ?? `seller${String(i)}.${token}@search.test`;
    await db().user.create({
      data: {
        id: `${token}u${String(i)}`,
        email,
        name: row.sellerName ?? null,
        connections: {
          create: {
            id: `${token}c${String(i)}`,
            sellerEmail: email,
            sellerName: row.sellerName ?? null,
            stripeAccountId: row.stripeAccountId,
            businessName: row.businessName ?? null,
            scope: "read_write",
            livemode: i % 2 === 0,
          },
        },
      },
    });
  }
}

/** The connections of this test whose search text contains `q`: the substring rule itself. */
async function substringMatches(token: string, q: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT "id" FROM "StripeConnection"
    WHERE "id" LIKE ${`${token}%`} AND strpos("search", lower(${q})) > 0`);
  return rows.map((r) => r.id).sort();
}

async function listed(token: string, q: string) {
  const { filters, searchError } = parseConnectionQuery({ q });
  expect(searchError).toBeUndefined();
  const { rows } = await listConnections(filters, {}, 500);
  return {
    ids: rows
      .map((r) => r.id)
      .filter((id) => id.startsWith(token))
      .sort(),
    count: (await countConnections(filters)).count,
  };
}

describe("admin accounts list: searching an acct_ id", () => {
  it("finds what a substring search finds: id prefixes, and the fragment in any other field", async () => {
    const token = randomUUID().replace(/-/g, "").slice(0, 10);
    const id = `acct_${token}`;
    await makeConnections(token, [
      { stripeAccountId: `${id}AbC1` }, // 0: the id starts with it (another case)
      { stripeAccountId: `${id}abc2` }, // 1: the id starts with it
      { stripeAccountId: `${id}abd3` }, // 2: no
      { stripeAccountId: "acct_other1", sellerEmail: `${id}abc@search.test` }, // 3: the email
      { stripeAccountId: "acct_other2", businessName: `Shop ${id.toUpperCase()}ABC` }, // 4
      { stripeAccountId: "acct_other3", sellerName: `${id}ab` }, // 5: not all of it
      { stripeAccountId: `acct_X${id}abc` }, // 6: inside the id, not at its start
      { stripeAccountId: "acct_other4", sellerName: `x${id}abc` }, // 7: the name
    ]);
    const found = (...rows: number[]) => rows.map((i) => `${token}c${String(i)}`).sort();

    for (const q of [`${id}abc`, `${id.toUpperCase()}ABC`, `${id}ab`, id, `${id}abc2`]) {
      const expected = await substringMatches(token, q);
      const { ids, count } = await listed(token, q);
      expect(ids, q).toEqual(expected);
      // Every connection found is one of this test's (no other has the token).
      expect(count, q).toBe(expected.length);
    }
    expect((await listed(token, `${id}abc`)).ids).toEqual(found(0, 1, 3, 4, 6, 7));
    expect((await listed(token, `${id}ab`)).ids).toEqual(found(0, 1, 2, 3, 4, 5, 6, 7));
    expect((await listed(token, `${id}abd`)).ids).toEqual(found(2));
    // LIKE's wildcards in the fragment are taken literally.
    expect((await listed(token, `${id}a_c`)).ids).toEqual([]);
    expect((await listed(token, `${id}%`)).ids).toEqual([]);
  });
});
