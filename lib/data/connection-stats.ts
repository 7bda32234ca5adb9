import "server-only";
import { db } from "@/lib/db";
import type { ConnectionStatus, ConnectionWeekKind } from "@/lib/generated/prisma/client";
import { READINESS_STATES, type ReadinessState } from "@/lib/stripe/readiness";

/**
 * ConnectionTotal's rows: connections per status, mode and readiness, kept exact by triggers on
 * StripeConnection (migration 20261203110000_connection_total_readiness). At most 30 rows,
 * whatever the number of connections.
 */
function listTotalRows() {
  return db().connectionTotal.findMany();
}

/** Connections per status and mode. */
export async function getConnectionTotals(): Promise<
  Record<ConnectionStatus, { live: number; test: number }>
> {
  const totals = {
    CONNECTED: { live: 0, test: 0 },
    DISCONNECTED: { live: 0, test: 0 },
    REVOKED: { live: 0, test: 0 },
  };
  for (const row of await listTotalRows()) {
    totals[row.status][row.livemode ? "live" : "test"] += row.count;
  }
  return totals;
}

/** Connected accounts (live and test) per readiness state. */
export async function getReadinessTotals(): Promise<Record<ReadinessState, number>> {
  const totals = Object.fromEntries(READINESS_STATES.map((state) => [state, 0])) as Record<
    ReadinessState,
    number
  >;
  for (const row of await listTotalRows()) {
    if (row.status === "CONNECTED") totals[row.readiness] += row.count;
  }
  return totals;
}

export interface WeekActivity {
  /** Monday 00:00 UTC. */
  week: Date;
  connections: number;
  revocations: number;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** How many weeks the admin overview's chart shows (this one included). */
export const OVERVIEW_WEEKS = 12;

/** Monday 00:00 UTC of the week `date` falls in (what PostgreSQL's date_trunc('week') gives). */
export function startOfWeek(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 24 * 60 * 60 * 1000);
}

/** The Monday the last `weeks` weeks start on (this one included). */
export function firstWeekOf(weeks: number, now = new Date()): Date {
  return new Date(startOfWeek(now).getTime() - (weeks - 1) * WEEK_MS);
}

/**
 * New connections and revocations per week over the last `weeks` weeks (this one included), read
 * from ConnectionWeek (two rows a week, kept exact by triggers on StripeConnection: migration
 * 20261203124413_connection_week), whatever the number of connections.
 */
export async function listWeeklyActivity(weeks: number, now = new Date()): Promise<WeekActivity[]> {
  const from = firstWeekOf(weeks, now);
  const rows = await db().connectionWeek.findMany({ where: { week: { gte: from } } });
  const count = (week: Date, kind: ConnectionWeekKind) =>
    rows.find((row) => row.week.getTime() === week.getTime() && row.kind === kind)?.count ?? 0;
  return Array.from({ length: weeks }, (_, i) => {
    const week = new Date(from.getTime() + i * WEEK_MS);
    return {
      week,
      connections: count(week, "CONNECTIONS"),
      revocations: count(week, "REVOCATIONS"),
    };
  });
}
