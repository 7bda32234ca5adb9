import "server-only";
import { recordAudit } from "@/lib/data/audit";
import type { PublicUser } from "@/lib/data/users";
import { writeWebhookBatch } from "@/lib/data/webhook-batch";
import { db } from "@/lib/db";
import { noteStripeAccount } from "@/lib/http/request-context";
import {
  Prisma,
  type AuditAction,
  type ConnectionSource,
  type StripeConnection,
} from "@/lib/generated/prisma/client";
import type { AccountSnapshot } from "@/lib/stripe/account-snapshot";

export type { ConnectionSource, StripeConnection };

/**
 * The user's CONNECTED connection, if any (at most one: a partial unique index). Its stripe
 * account id goes on the line of the request being served (lib/http/request-context.ts).
 */
export async function getActiveConnection(
  userId: string,
  tx: Prisma.TransactionClient = db(),
): Promise<StripeConnection | null> {
  const connection = await tx.stripeConnection.findFirst({
    where: { userId, status: "CONNECTED" },
  });
  noteStripeAccount(connection?.stripeAccountId);
  return connection;
}

/** What Settings shows: the active connection, else the most recent one that ended. */
export async function getLatestConnection(userId: string): Promise<StripeConnection | null> {
  const connection =
    (await getActiveConnection(userId)) ??
    (await db().stripeConnection.findFirst({
      where: { userId },
      orderBy: { connectedAt: "desc" },
    }));
  noteStripeAccount(connection?.stripeAccountId);
  return connection;
}

/** The active connection of a Stripe account, whoever it belongs to. */
export function getActiveConnectionByAccount(
  stripeAccountId: string,
  tx: Prisma.TransactionClient = db(),
): Promise<StripeConnection | null> {
  return tx.stripeConnection.findFirst({ where: { stripeAccountId, status: "CONNECTED" } });
}

export function getConnection(connectionId: string): Promise<StripeConnection | null> {
  return db().stripeConnection.findUnique({ where: { id: connectionId } });
}

/**
 * Ids of CONNECTED connections after `after` (all when null), in id order, `take` at most: one
 * page of a walk over every active connection (the reconcile run) on the primary key's order.
 */
export async function listActiveConnectionIdsAfter(
  after: string | null,
  take: number,
): Promise<string[]> {
  const rows = await db().stripeConnection.findMany({
    where: { status: "CONNECTED", ...(after === null ? {} : { id: { gt: after } }) },
    orderBy: { id: "asc" },
    select: { id: true },
    take,
  });
  return rows.map((row) => row.id);
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Stores a new active connection and its audit entry in one transaction. Throws a unique
 * violation (see isUniqueViolation) when the user or the account is already actively connected.
 */
export function createConnection(
  input: NewConnection,
  tx?: Prisma.TransactionClient,
): Promise<StripeConnection> {
  return tx ? createIn(tx, input) : db().$transaction((t) => createIn(t, input));
}

export interface NewConnection {
  seller: Pick<PublicUser, "id" | "name" | "email">;
  stripeAccountId: string;
  scope: string;
  livemode: boolean;
  snapshot: AccountSnapshot | null;
  /** How it was confirmed, for the audit entry (default: the code exchange's answer). */
  confirmedBy?: string;
  /** The door it came through: OAuth (default), or an account the marketplace created. */
  source?: ConnectionSource;
}

async function createIn(
  tx: Prisma.TransactionClient,
  input: NewConnection,
): Promise<StripeConnection> {
  const userId = input.seller.id;
  const connection = await tx.stripeConnection.create({
    data: {
      userId,
      sellerName: input.seller.name,
      sellerEmail: input.seller.email,
      stripeAccountId: input.stripeAccountId,
      scope: input.scope,
      livemode: input.livemode,
      source: input.source ?? "OAUTH",
      ...(input.snapshot ? { ...input.snapshot, syncedAt: new Date() } : {}),
    },
  });
  await recordAudit(
    {
      action: "CONNECT",
      outcome: "SUCCESS",
      actorId: userId,
      subjectUserId: userId,
      connectionId: connection.id,
      stripeAccountId: input.stripeAccountId,
      detail: `${input.source === "CREATED" ? "Connected the Stripe account created for the seller (Accounts v2)" : `Connected with scope ${input.scope}`} (${input.livemode ? "live" : "test"} mode)${input.confirmedBy ? `, ${input.confirmedBy}` : ""}`,
    },
    tx,
  );
  return connection;
}

/** A disconnect we are asking Stripe for: who, how (the audit action) and why. */
export interface DisconnectRequest {
  actorId: string;
  action: AuditAction;
  reason: string;
}

/**
 * Records on the connection that we are asking Stripe to deauthorize it, so that Stripe's
 * deauthorized event ends it as this request, not as a revocation by the seller.
 */
export async function recordDisconnectRequest(
  connectionId: string,
  request: DisconnectRequest,
  at = new Date(),
): Promise<void> {
  await db().stripeConnection.updateMany({
    where: { id: connectionId, status: "CONNECTED" },
    data: {
      disconnectRequestedAt: at,
      disconnectRequestedById: request.actorId,
      disconnectRequestedAction: request.action,
      disconnectRequestedReason: request.reason,
    },
  });
}

/** Stripe refused the request: a later deauthorization is not ours. */
export async function clearDisconnectRequest(connectionId: string): Promise<void> {
  await db().stripeConnection.updateMany({
    where: { id: connectionId, status: "CONNECTED" },
    data: {
      disconnectRequestedAt: null,
      disconnectRequestedById: null,
      disconnectRequestedAction: null,
      disconnectRequestedReason: null,
    },
  });
}

/** How long after we asked Stripe to deauthorize, a lost access is taken as the answer to that. */
const OWN_REQUEST_WINDOW_MS = 10 * 60_000;

/** The disconnect we asked Stripe for shortly before `at`, if any (see recordDisconnectRequest). */
function disconnectRequestBefore(connection: StripeConnection, at: Date): DisconnectRequest | null {
  const { disconnectRequestedAt: requestedAt } = connection;
  const { disconnectRequestedById: actorId, disconnectRequestedAction: action } = connection;
  const reason = connection.disconnectRequestedReason;
  if (!requestedAt || !actorId || !action || reason === null) return null;
  // `at` (an event's `created`) is in whole seconds.
  const fromRequest = at.getTime() - requestedAt.getTime();
  return fromRequest > -1000 && fromRequest <= OWN_REQUEST_WINDOW_MS
    ? { actorId, action, reason }
    : null;
}

/**
 * Why a connection ended without our asking for it: what Stripe told us. The one table of them:
 * each text is what admins (account page, history) read, as the connection's reason and its REVOKE
 * audit entry's detail; sellers read it in the second person (lib/ui/seller-history.ts).
 */
export const REVOCATION_REASONS = {
  /** Stripe's account.application.deauthorized event: the seller revoked access at Stripe. */
  deauthorized: "The seller revoked the marketplace's access from Stripe",
  /** Stripe answered 403 account_invalid to a call made as the seller's account. */
  access_invalid: "Stripe reports that the marketplace no longer has access to this account",
  /** Stripe's v2.core.account.closed thin event (or a fetched v2 account marked closed). */
  account_closed: "The seller's Stripe account was closed",
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

/**
 * THE revocation: ends a connection whose access Stripe says is gone (its deauthorized event, or
 * a 403 account_invalid), whoever noticed (webhook, page check, admin refresh, reconcile script):
 * as the disconnect we had just asked for, with that request's actor, action and reason; otherwise
 * REVOKED with `revoked.reason`'s text and no actor (Stripe told us; whoever asked Stripe did not
 * end it). See endConnection.
 */
export function endConnectionWithoutAccess(
  connection: StripeConnection,
  revoked: { reason: RevocationReason; at?: Date },
  tx?: Prisma.TransactionClient,
): Promise<boolean> {
  const at = revoked.at ?? new Date();
  const ours = disconnectRequestBefore(connection, at);
  return endIn(
    ours
      ? { connectionId: connection.id, status: "DISCONNECTED", at, ...ours }
      : {
          connectionId: connection.id,
          status: "REVOKED",
          reason: REVOCATION_REASONS[revoked.reason],
          actorId: null,
          at,
        },
    tx,
  );
}

/** A disconnect a user asked for (the seller, or an admin's force-disconnect). */
export interface EndConnectionInput {
  connectionId: string;
  reason: string;
  actorId: string | null;
  at?: Date;
  /** The audit action: DISCONNECT by default, FORCE_DISCONNECT for an admin's. */
  action?: AuditAction;
}

/**
 * Ends an active connection as DISCONNECTED by a user and audits it, in one transaction. Returns
 * false, changing nothing, when it was no longer active. A revocation (Stripe says access is
 * gone) is endConnectionWithoutAccess's, never this.
 */
export function endConnection(
  input: EndConnectionInput,
  tx?: Prisma.TransactionClient,
): Promise<boolean> {
  return endIn({ ...input, status: "DISCONNECTED" }, tx);
}

/**
 * Ends an active connection (DISCONNECTED or REVOKED) and audits it, in one transaction (`tx` when
 * given, so it commits with the caller's other changes). False when it was no longer active.
 */
function endIn(
  input: EndConnectionInput & { status: "DISCONNECTED" | "REVOKED" },
  tx?: Prisma.TransactionClient,
): Promise<boolean> {
  return tx ? endWith(tx, input) : db().$transaction((t) => endWith(t, input));
}

async function endWith(
  tx: Prisma.TransactionClient,
  input: EndConnectionInput & { status: "DISCONNECTED" | "REVOKED" },
): Promise<boolean> {
  const { count } = await tx.stripeConnection.updateMany({
    where: { id: input.connectionId, status: "CONNECTED" },
    data: {
      status: input.status,
      disconnectedAt: input.at ?? new Date(),
      disconnectReason: input.reason,
      disconnectedById: input.actorId,
    },
  });
  if (count === 0) return false;
  const connection = await tx.stripeConnection.findUniqueOrThrow({
    where: { id: input.connectionId },
  });
  await recordAudit(
    {
      action: input.action ?? (input.status === "REVOKED" ? "REVOKE" : "DISCONNECT"),
      outcome: "SUCCESS",
      actorId: input.actorId,
      subjectUserId: connection.userId,
      connectionId: connection.id,
      stripeAccountId: connection.stripeAccountId,
      detail: input.reason,
    },
    tx,
  );
  return true;
}

/**
 * Stores the account snapshot of an active connection, as Stripe showed it at `asOf` (when a
 * fetch started), unless the stored one is newer: older news never overwrites newer state. The
 * rule is the webhook writer's (lib/data/webhook-batch.ts), for events and fetches alike. Returns
 * whether it was stored.
 */
export async function updateSnapshot(
  connectionId: string,
  snapshot: AccountSnapshot,
  asOf: Date,
  tx?: Prisma.TransactionClient,
): Promise<boolean> {
  // A tie with an event's snapshot (the same second) is stored, as a fetch is what a tie asks for.
  const { snapshots } = await writeWebhookBatch(
    {
      events: [],
      apply: [],
      snapshots: [{ eventId: null, account: null, connectionId, asOf, snapshot }],
      activity: [],
      receivedAt: new Date(),
    },
    tx,
  );
  return snapshots.includes(connectionId);
}

/** A connection with its seller, for the admin console; null when there is no such id. */
export function getConnectionWithSeller(id: string) {
  return db().stripeConnection.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, name: true, email: true, role: true, createdAt: true } },
    },
  });
}

/** Every connection a seller has had, newest first (index: userId). */
export function listConnectionsOfSeller(userId: string) {
  return db().stripeConnection.findMany({
    where: { userId },
    orderBy: [{ connectedAt: "desc" }, { id: "desc" }],
    select: { id: true, stripeAccountId: true, status: true, livemode: true, connectedAt: true },
  });
}
