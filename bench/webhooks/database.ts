/**
 * The benchmark's PostgreSQL: recreated from the migrations, seeded with sellers and their
 * connections, and checked afterwards against what the events must have left behind.
 */
import pg from "pg";
import { migrateDatabase } from "@/lib/db/migrations";
import type { Workload } from "./workload";

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** `url` with its queries going to `schema` (the tables are created there too). */
export function inSchema(url: string, schema: string): string {
  const scoped = new URL(url);
  // public stays on the path for the extensions the migrations create there (pg_trgm's operators).
  const path = schema === "public" ? schema : `${schema},public`;
  scoped.searchParams.set("options", `-c search_path=${path}`);
  return scoped.toString();
}

/** Recreates each schema empty and applies prisma/migrations there, as a new install would. */
export async function recreateSchemas(url: string, schemas: string[]): Promise<void> {
  for (const schema of schemas) {
    await withClient(url, (client) =>
      client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`),
    );
    await migrateDatabase(inSchema(url, schema));
  }
}

/** A seller with a CONNECTED connection to each account, connected `connectedAt`. */
export async function seedConnections(
  url: string,
  accounts: string[],
  connectedAt: Date,
): Promise<void> {
  await withClient(url, async (client) => {
    for (const account of accounts) {
      await client.query(
        `INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, 'Bench seller', now())`,
        [`user_${account}`, `${account}@bench.example`],
      );
      await client.query(
        `INSERT INTO "StripeConnection"
           (id, "userId", "sellerName", "sellerEmail", "stripeAccountId", scope, livemode,
            "businessName", "connectedAt", "updatedAt")
         VALUES ($1, $2, 'Bench seller', $3, $4, 'read_write', false, 'Seeded', $5, now())`,
        [`conn_${account}`, `user_${account}`, `${account}@bench.example`, account, connectedAt],
      );
    }
  });
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

/** Every event of the workload stored exactly once, by whatever server took them. */
export async function checkStored(url: string, workload: Workload): Promise<Check> {
  const ids = [...workload.events.keys()];
  const { rows } = await withClient(url, (client) =>
    client.query<{ n: string }>(`SELECT count(*) AS n FROM "WebhookEvent" WHERE id = ANY($1)`, [
      ids,
    ]),
  );
  const stored = Number(rows[0]?.n);
  return check(
    "every event stored once",
    stored === ids.length,
    `${stored} of ${ids.length} unique events`,
  );
}

interface ConnectionRow {
  stripeAccountId: string;
  status: string;
  businessName: string | null;
  email: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirementsDue: number;
  accountUpdatedAt: Date | null;
  disconnectedAt: Date | null;
  lastEventAt: Date | null;
}

/** What the app must have made of the workload: applied once each, final states right. */
export async function checkApplied(url: string, workload: Workload): Promise<Check[]> {
  return withClient(url, async (client) => {
    const ids = [...workload.events.keys()];
    const events = await client.query<{ status: string; attempts: number; n: string }>(
      `SELECT status, attempts, count(*) AS n FROM "WebhookEvent" WHERE id = ANY($1)
       GROUP BY status, attempts ORDER BY status, attempts`,
      [ids],
    );
    const count = (status: string, attempts?: number) =>
      events.rows
        .filter((r) => r.status === status && (attempts === undefined || r.attempts === attempts))
        .reduce((sum, r) => sum + Number(r.n), 0);
    const applied = workload.applied.size;
    const ignored = ids.length - applied;
    const activity = await client.query<{ id: string }>(
      `SELECT id FROM "ActivityItem" WHERE "stripeAccountId" = ANY($1)`,
      [workload.accounts.map((a) => a.account)],
    );
    const missing = [...workload.activity].filter(
      (id) => !activity.rows.some((row) => row.id === id),
    );
    const connections = await client.query<ConnectionRow>(
      `SELECT * FROM "StripeConnection" WHERE "stripeAccountId" = ANY($1)`,
      [workload.accounts.map((a) => a.account)],
    );
    const wrong = workload.accounts.filter((expected) => {
      const row = connections.rows.find((r) => r.stripeAccountId === expected.account);
      if (!row?.lastEventAt) return true;
      if (expected.revokedAt) {
        return (
          row.status !== "REVOKED" || row.disconnectedAt?.getTime() !== expected.revokedAt.getTime()
        );
      }
      const s = expected.snapshot;
      return (
        row.status !== "CONNECTED" ||
        (s !== null &&
          (row.businessName !== s.businessName ||
            row.email !== (s.email ?? null) ||
            row.chargesEnabled !== (s.chargesEnabled ?? true) ||
            row.payoutsEnabled !== (s.payoutsEnabled ?? true) ||
            row.requirementsDue !== (s.requirementsDue?.length ?? 0) ||
            row.accountUpdatedAt?.getTime() !== expected.snapshotAt?.getTime()))
      );
    });
    const revocations = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'REVOKE' AND "stripeAccountId" = ANY($1)`,
      [workload.accounts.map((a) => a.account)],
    );
    const revoked = workload.accounts.filter((a) => a.revokedAt).length;
    return [
      check(
        "applied exactly once",
        count("PROCESSED", 1) === applied && count("PROCESSED") === applied,
        `${count("PROCESSED", 1)} of ${applied} PROCESSED after one attempt; ${count("FAILED")} FAILED, ${count("PENDING")} PENDING`,
      ),
      check(
        "unknown types stored, not applied",
        count("IGNORED") === ignored,
        `${count("IGNORED")} of ${ignored} IGNORED`,
      ),
      check(
        "activity feed complete, no extra",
        missing.length === 0 && activity.rows.length === workload.activity.size,
        `${activity.rows.length} items for ${workload.activity.size} payments and payouts, ${missing.length} missing`,
      ),
      check(
        "connections in their final state",
        wrong.length === 0,
        wrong.length === 0
          ? `${workload.accounts.length} accounts: newest snapshot, ${revoked} revoked (one despite a later account.updated), lastEventAt set`
          : `wrong: ${wrong.map((w) => w.account).join(", ")}`,
      ),
      check(
        "each revocation audited once",
        Number(revocations.rows[0]?.n) === revoked,
        `${revocations.rows[0]?.n ?? 0} REVOKE audit entries for ${revoked} revocations`,
      ),
    ];
  });
}
