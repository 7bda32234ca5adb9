/**
 * The emulator's state: accounts (the platform's own and the sellers'), their connections to the
 * platform, OAuth codes and tokens, per-account charges, payouts, balance transactions and events,
 * idempotency results and the fake clock. Optionally persisted to a JSON file after each change.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type Stripe from "stripe";
import { z } from "zod";
import { ConfigError, type EmulatorConfig } from "./config";
import type { Reply } from "./http";
import { newId } from "./ids";
import {
  type SeedRequirements,
  flagStatuses,
  initialLifecycle,
  lifecycleOf,
  withCapabilities,
  withDetailsSubmitted,
} from "./lifecycle";
import {
  type AccountFields,
  type AccountInput,
  type Amounts,
  type Lifecycle,
  type EventPayload,
  type PayoutStatus,
  type Scope,
  type BankAccountFields,
  type CapabilityName,
  type PersonFields,
  CAPABILITIES,
  accountFields,
  buildAccount,
  buildApplication,
  buildBalance,
  buildBalanceTransaction,
  buildBankAccount,
  buildCapability,
  buildCard,
  buildCharge,
  buildEvent,
  buildPayout,
  buildPerson,
} from "./objects";
import type { AccountLinkRecord, OnboardingSession, V2EventRecord, V2Profile } from "./v2-objects";

const DAY = 86_400;

export interface Connection {
  scope: Scope;
  connected_at: number;
  /** The authorization code whose exchange made this connection (null when seeded). */
  code: string | null;
}

export interface AccountRecord {
  account: Stripe.Account;
  /** "salt:sha256" of the test password; null for the platform, which cannot sign in. */
  password: string | null;
  /** The `stripe_publishable_key` the token endpoint returns for this account. */
  publishable_key: string;
  connection: Connection | null;
  balance: { available: Amounts; pending: Amounts };
  /** Each list in creation order; the API lists them newest first. */
  charges: Stripe.Charge[];
  payouts: Stripe.Payout[];
  balance_transactions: Stripe.BalanceTransaction[];
  events: Stripe.Event[];
  /** Payout destinations and the people of the account's legal entity (absent in older files). */
  external_accounts?: Stripe.ExternalAccount[];
  persons?: Stripe.Person[];
  /**
   * Where the account stands in Stripe's requirements lifecycle (src/lifecycle.ts): what its
   * `requirements`, `future_requirements`, capabilities and flags are built from. Absent in older
   * files: then read back from the Account (`Store.lifecycle`).
   */
  lifecycle?: Lifecycle;
  /** Set on an account created through `POST /v2/core/accounts` (src/v2-api.ts). */
  v2?: V2Profile;
}

/**
 * What one Stripe update changed of an account (the v1 `previous_attributes`), handed to
 * `Store.onAccountChange` so the v2 side (thin events) hears of every change the v1 side sends.
 */
export type AccountChangeListener = (
  record: AccountRecord,
  previous: Record<string, unknown>,
  request?: EventRequest,
) => void;

export type NewExternalAccount = Partial<BankAccountFields> & {
  object: "bank_account" | "card";
};
export type ExternalAccountChanges = Partial<
  Pick<BankAccountFields, "account_holder_name" | "default_for_currency" | "metadata">
>;
export type NewPerson = Partial<Omit<PersonFields, "relationship">> & {
  relationship?: Partial<PersonFields["relationship"]>;
};

export interface CodeRecord {
  account: string;
  scope: Scope;
  expires_at: number;
  used: boolean;
  access_token: string | null;
  refresh_token: string | null;
}

export interface IdempotentResult {
  path: string;
  fingerprint: string;
  created: number;
  request_id: string;
  reply: Reply;
}

const dataSchema = z.looseObject({
  version: z.literal(1),
  clock_offset: z.number(),
  platform: z.string(),
  accounts: z.record(z.string(), z.looseObject({ account: z.looseObject({ id: z.string() }) })),
  codes: z.record(z.string(), z.unknown()),
  access_tokens: z.record(z.string(), z.unknown()),
  refresh_tokens: z.record(z.string(), z.unknown()),
  idempotency: z.record(z.string(), z.unknown()),
});

export interface Data {
  version: 1;
  clock_offset: number;
  platform: string;
  accounts: Record<string, AccountRecord>;
  codes: Record<string, CodeRecord>;
  access_tokens: Record<string, { account: string; scope: Scope; revoked: boolean }>;
  refresh_tokens: Record<string, { account: string; scope: Scope }>;
  idempotency: Record<string, IdempotentResult>;
  /** Sign-in sessions of the authorize page (its cookie → the signed-in account). */
  sessions?: Record<string, { account: string; created: number }>;
  /** The platform's Connect settings (Dashboard → Settings → Connect). */
  settings?: PlatformSettings;
  /** Account Links by their token (the last segment of their URL). */
  account_links?: Record<string, AccountLinkRecord>;
  /** Hosted onboarding sessions by their token (the form's hidden field). */
  onboarding_sessions?: Record<string, OnboardingSession>;
  /** v2 events (thin events), oldest first. */
  v2_events?: V2EventRecord[];
}

export interface PlatformSettings {
  /** "OAuth for Standard accounts": off, the authorize page refuses every request. */
  oauth_enabled: boolean;
}

export interface NewCharge {
  amount: number;
  currency: string;
  description?: string | null;
  metadata?: Record<string, string>;
}

export interface NewPayout {
  amount: number;
  currency: string;
  status?: PayoutStatus;
  /** Unix seconds; default now (a payout seeded as history may be older). */
  created?: number;
  /** Unix seconds; default `created` when paid, else two days after it. */
  arrival_date?: number;
}

/** Who caused an event: the API request, if any (Stripe's `event.request`). */
export interface EventRequest {
  id: string | null;
  idempotency_key: string | null;
}

function hashPassword(password: string, salt = randomBytes(8).toString("hex")): string {
  return `${salt}:${createHash("sha256").update(`${salt}:${password}`).digest("hex")}`;
}

export class Store {
  data: Data;
  /** Set while a burst runs: every event of it is stamped with this one second. */
  private frozenAt: number | undefined;
  /** Hears of every account change that sends `account.updated` (src/v2-events.ts listens). */
  onAccountChange: AccountChangeListener = () => undefined;

  constructor(
    private readonly config: EmulatorConfig,
    /** Called with each event to deliver to the platform's Connect webhook endpoints. */
    private readonly deliver: (event: Stripe.Event) => void,
    /** The live-mode world: its objects and events carry `livemode: true`. */
    private readonly livemode = false,
  ) {
    const file = config.stateFile;
    this.data = file !== undefined && existsSync(file) ? Store.load(file) : this.fresh();
  }

  private static load(file: string): Data {
    const refuse = (what: string) =>
      new ConfigError(
        `The Stripe emulator's state file ${resolve(file)} ${what}. Delete it to start with a fresh emulator state (its accounts and connections are lost), or set STRIPE_EMULATOR_STATE_FILE to another file, or to memory:// to keep the state in memory only.`,
      );
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw refuse(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    // A shallow check: the file is the emulator's own, written by save().
    if (!dataSchema.safeParse(raw).success)
      throw refuse("is not an emulator state file (version 1)");
    return raw as Data;
  }

  private fresh(): Data {
    const platform = newId("acct_", 16);
    const data: Data = {
      version: 1,
      clock_offset: 0,
      platform,
      accounts: {},
      codes: {},
      access_tokens: {},
      refresh_tokens: {},
      idempotency: {},
    };
    const created = Math.floor(Date.now() / 1000); // a fresh state's clock is not advanced
    data.accounts[platform] = this.newRecord(platform, null, created, {
      email: "platform@example.com",
      business_name: this.config.platformName,
      country: "US",
      default_currency: "usd",
      url: null,
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
    });
    return data;
  }

  private newRecord(
    id: string,
    password: string | null,
    created: number,
    input: AccountInput,
    requirements?: SeedRequirements,
  ): AccountRecord {
    const { charges_enabled, payouts_enabled, ...fields } = input;
    const lifecycle = initialLifecycle(
      { charges_enabled, payouts_enabled, details_submitted: fields.details_submitted },
      requirements,
    );
    return {
      // Only the platform has no password: its own account is the one that lists external accounts.
      account: buildAccount(id, created, fields, lifecycle, { own: password === null }),
      lifecycle,
      password: password === null ? null : hashPassword(password),
      publishable_key: newId(this.livemode ? "pk_live_" : "pk_test_", 32),
      connection: null,
      balance: { available: {}, pending: {} },
      charges: [],
      payouts: [],
      balance_transactions: [],
      events: [],
    };
  }

  reset(): void {
    this.data = this.fresh();
  }

  /** Writes the state file, when there is one (atomically: a temporary file, then a rename). */
  save(): void {
    const file = this.config.stateFile;
    if (file === undefined) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(this.data));
    renameSync(`${file}.tmp`, file);
  }

  /** The fake clock, in Unix seconds: real time plus however far it was advanced. */
  now(): number {
    return this.frozenAt ?? Math.floor(Date.now() / 1000) + this.data.clock_offset;
  }

  /** Runs `work` (synchronous) with the clock held at one second, so its events share `created`. */
  withinOneSecond<T>(work: () => T): T {
    this.frozenAt = this.now();
    try {
      return work();
    } finally {
      this.frozenAt = undefined;
    }
  }

  advanceClock(seconds: number): void {
    this.data.clock_offset += seconds;
  }

  platform(): AccountRecord {
    const record = this.data.accounts[this.data.platform];
    if (!record) throw new Error("state has no platform account");
    return record;
  }

  account(id: string): AccountRecord | undefined {
    return this.data.accounts[id];
  }

  /** Seller accounts (every account but the platform's own), oldest first. */
  sellers(): AccountRecord[] {
    return Object.values(this.data.accounts).filter((r) => r.account.id !== this.data.platform);
  }

  accountByEmail(email: string): AccountRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return this.sellers().find((r) => r.account.email?.toLowerCase() === wanted);
  }

  checkPassword(record: AccountRecord, password: string): boolean {
    const [salt] = (record.password ?? "").split(":", 1);
    if (record.password === null || salt === undefined) return false;
    const given = Buffer.from(hashPassword(password, salt));
    const stored = Buffer.from(record.password);
    return given.length === stored.length && timingSafeEqual(given, stored);
  }

  createAccount(
    input: AccountInput,
    password: string,
    id = newId("acct_", 16),
    requirements?: SeedRequirements,
  ): AccountRecord {
    const record = this.newRecord(id, password, this.now(), input, requirements);
    this.data.accounts[id] = record;
    return record;
  }

  /** Where the account stands in the requirements lifecycle (read back for an older file's). */
  lifecycle(record: AccountRecord): Lifecycle {
    return (record.lifecycle ??= lifecycleOf(record.account));
  }

  /** The account's capabilities, as `/v1/accounts/:id/capabilities` lists them. */
  capabilities(record: AccountRecord): Stripe.Capability[] {
    const lifecycle = this.lifecycle(record);
    const { id, created } = record.account;
    return (Object.keys(CAPABILITIES) as CapabilityName[]).map((name) =>
      buildCapability(id, created ?? null, lifecycle, name),
    );
  }

  /**
   * Applies `changes` to the profile and flags, as the seller's edits at Stripe: the application
   * submitted or taken back moves its requirements, a flag moves its capability. One update: see
   * `settle`.
   */
  updateAccount(record: AccountRecord, changes: Partial<AccountInput>): void {
    const { charges_enabled, payouts_enabled, ...profile } = changes;
    const before = accountFields(record.account);
    let lifecycle = this.lifecycle(record);
    const submitted = profile.details_submitted;
    if (submitted !== undefined && submitted !== before.details_submitted) {
      lifecycle = withDetailsSubmitted(lifecycle, submitted);
    }
    const statuses = flagStatuses(lifecycle, { charges_enabled, payouts_enabled });
    if (Object.keys(statuses).length > 0) lifecycle = withCapabilities(lifecycle, statuses);
    this.settle(record, { ...before, ...profile }, lifecycle);
  }

  /** Moves the account one step through the requirements lifecycle (src/lifecycle.ts). */
  step(record: AccountRecord, change: (lifecycle: Lifecycle) => Lifecycle): void {
    this.settle(record, accountFields(record.account), change(this.lifecycle(record)));
  }

  /**
   * Profile changes and a lifecycle step as ONE Stripe update (one `account.updated`): the hosted
   * onboarding's submission, a v2 update. `change` may throw a LifecycleRefusal: nothing changes.
   */
  change(
    record: AccountRecord,
    profile: Partial<AccountFields>,
    change: (lifecycle: Lifecycle) => Lifecycle = (l) => l,
    request?: EventRequest,
  ): void {
    const lifecycle = change(this.lifecycle(record));
    this.settle(record, { ...accountFields(record.account), ...profile }, lifecycle, request);
  }

  /**
   * One Stripe update: the Account rebuilt from `fields` and `lifecycle`, then
   * `capability.updated` for each capability whose status or requirements changed (as Stripe
   * sends it, before the account's own event), then `account.updated` with the previous values of
   * what changed. Nothing changed, nothing sent.
   */
  private settle(
    record: AccountRecord,
    fields: AccountFields,
    lifecycle: Lifecycle,
    request?: EventRequest,
  ): void {
    const before = record.account;
    const capabilitiesBefore = this.capabilities(record);
    const created = before.created ?? this.now();
    record.lifecycle = lifecycle;
    record.account = {
      ...buildAccount(before.id, created, fields, lifecycle, { own: record.password === null }),
      metadata: before.metadata,
      // Who controls the account is no profile field: an account the platform created keeps its.
      controller: before.controller,
    };
    const previous = changedValues(before, record.account);
    if (Object.keys(previous).length === 0) return;
    const capabilitiesNow = this.capabilities(record);
    capabilitiesBefore.forEach((was, i) => {
      const now = capabilitiesNow[i];
      const changed = changedValues(was, now);
      if (now === undefined || Object.keys(changed).length === 0) return;
      this.emit(
        record,
        { type: "capability.updated", data: { object: now, previous_attributes: changed } },
        request,
      );
    });
    this.emit(
      record,
      { type: "account.updated", data: { object: record.account, previous_attributes: previous } },
      request,
    );
    this.onAccountChange(record, previous, request);
  }

  /** Adds a payout destination and emits `account.external_account.created`. */
  addExternalAccount(record: AccountRecord, input: NewExternalAccount): Stripe.ExternalAccount {
    const list = (record.external_accounts ??= []);
    const account = record.account;
    const currency = input.currency ?? account.default_currency ?? "usd";
    const fields = {
      currency,
      country: input.country ?? account.country ?? "US",
      last4: input.last4 ?? (input.object === "card" ? "5556" : "6789"),
      default_for_currency:
        input.default_for_currency ?? !list.some((e) => e.currency === currency),
      metadata: input.metadata ?? {},
    };
    const holder = input.account_holder_name ?? account.business_profile?.name ?? null;
    const external =
      input.object === "card"
        ? buildCard(newId("card_"), account.id, { ...fields, name: holder })
        : buildBankAccount(newId("ba_"), account.id, { ...fields, account_holder_name: holder });
    if (fields.default_for_currency) this.clearDefault(record, currency);
    list.push(external);
    this.emit(record, { type: "account.external_account.created", data: { object: external } });
    return external;
  }

  externalAccount(record: AccountRecord, id: string): Stripe.ExternalAccount | undefined {
    return record.external_accounts?.find((e) => e.id === id);
  }

  /** Changes a payout destination and emits `account.external_account.updated`. */
  updateExternalAccount(
    record: AccountRecord,
    external: Stripe.ExternalAccount,
    changes: ExternalAccountChanges,
  ): Stripe.ExternalAccount {
    if (changes.default_for_currency === true) this.clearDefault(record, external.currency ?? "");
    const previous = changeInPlace(external, () => {
      if (changes.default_for_currency !== undefined)
        external.default_for_currency = changes.default_for_currency;
      if (changes.metadata !== undefined) external.metadata = changes.metadata;
      if (changes.account_holder_name === undefined) return;
      if (external.object === "card") external.name = changes.account_holder_name;
      else external.account_holder_name = changes.account_holder_name;
    });
    if (previous) {
      const data = { object: external, previous_attributes: previous };
      this.emit(record, { type: "account.external_account.updated", data });
    }
    return external;
  }

  /** Removes a payout destination and emits `account.external_account.deleted`. */
  deleteExternalAccount(record: AccountRecord, external: Stripe.ExternalAccount): void {
    record.external_accounts = (record.external_accounts ?? []).filter((e) => e !== external);
    this.emit(record, { type: "account.external_account.deleted", data: { object: external } });
  }

  /** Another destination in `currency` stops being its default (and says so in an event). */
  private clearDefault(record: AccountRecord, currency: string): void {
    for (const other of record.external_accounts ?? []) {
      if (other.currency !== currency || other.default_for_currency !== true) continue;
      other.default_for_currency = false;
      this.emit(record, {
        type: "account.external_account.updated",
        data: { object: other, previous_attributes: { default_for_currency: true } },
      });
    }
  }

  /** Adds a person to the account's legal entity and emits `person.created`. */
  addPerson(record: AccountRecord, input: NewPerson): Stripe.Person {
    const person = buildPerson(newId("person_"), record.account.id, this.now(), {
      first_name: input.first_name ?? null,
      last_name: input.last_name ?? null,
      relationship: {
        director: false,
        executive: false,
        owner: false,
        representative: false,
        title: null,
        ...input.relationship,
      },
      metadata: input.metadata ?? {},
    });
    (record.persons ??= []).push(person);
    this.emit(record, { type: "person.created", data: { object: person } });
    return person;
  }

  person(record: AccountRecord, id: string): Stripe.Person | undefined {
    return record.persons?.find((p) => p.id === id);
  }

  /** Changes a person and emits `person.updated` with the previous values of what changed. */
  updatePerson(record: AccountRecord, person: Stripe.Person, changes: NewPerson): Stripe.Person {
    const previous = changeInPlace(person, () => {
      if (changes.first_name !== undefined) person.first_name = changes.first_name;
      if (changes.last_name !== undefined) person.last_name = changes.last_name;
      if (changes.metadata !== undefined) person.metadata = changes.metadata;
      const relationship = person.relationship;
      if (changes.relationship !== undefined && relationship !== undefined)
        person.relationship = { ...relationship, ...changes.relationship };
    });
    if (previous) {
      this.emit(record, {
        type: "person.updated",
        data: { object: person, previous_attributes: previous },
      });
    }
    return person;
  }

  /** Removes a person and emits `person.deleted`. */
  deletePerson(record: AccountRecord, person: Stripe.Person): void {
    record.persons = (record.persons ?? []).filter((p) => p !== person);
    this.emit(record, { type: "person.deleted", data: { object: person } });
  }

  issueCode(record: AccountRecord, scope: Scope): string {
    const code = newId("ac_", 32);
    this.data.codes[code] = {
      account: record.account.id,
      scope,
      expires_at: this.now() + this.config.codeTtlSeconds,
      used: false,
      access_token: null,
      refresh_token: null,
    };
    return code;
  }

  /** Signs `record` in on the authorize page: the token its session cookie carries. */
  startSession(record: AccountRecord): string {
    const token = newId("sess_", 32);
    (this.data.sessions ??= {})[token] = { account: record.account.id, created: this.now() };
    return token;
  }

  /** The account signed in with session `token`, if any. */
  sessionAccount(token: string): AccountRecord | undefined {
    const session = this.data.sessions?.[token];
    return session && this.account(session.account);
  }

  settings(): PlatformSettings {
    return this.data.settings ?? { oauth_enabled: true };
  }

  /** Connects the account to the platform and emits `account.application.authorized`. */
  connect(record: AccountRecord, scope: Scope, code: string | null): void {
    record.connection = { scope, connected_at: this.now(), code };
    this.emit(record, {
      type: "account.application.authorized",
      data: { object: this.application() },
    });
  }

  /**
   * Revokes the connection and every token issued for it; emits `account.application.deauthorized`
   * (recorded only, not sent, with `deliver: false`: an event the platform missed).
   */
  disconnect(record: AccountRecord, { deliver = true }: { deliver?: boolean } = {}): void {
    const id = record.account.id;
    record.connection = null;
    this.revokeTokens((_, grant) => grant.account === id);
    this.emit(
      record,
      { type: "account.application.deauthorized", data: { object: this.application() } },
      undefined,
      deliver,
    );
  }

  /** Revokes the access tokens and forgets the refresh tokens that `select` picks. */
  revokeTokens(select: (token: string, grant: { account: string }) => boolean): void {
    for (const [token, grant] of Object.entries(this.data.access_tokens)) {
      if (select(token, grant)) grant.revoked = true;
    }
    this.data.refresh_tokens = Object.fromEntries(
      Object.entries(this.data.refresh_tokens).filter(([token, grant]) => !select(token, grant)),
    );
  }

  application(): Stripe.Application {
    return buildApplication(this.config.clientId, this.config.platformName);
  }

  /** A succeeded card charge: a pending balance transaction, then `charge.succeeded`. */
  addCharge(record: AccountRecord, input: NewCharge, request?: EventRequest): Stripe.Charge {
    const now = this.now();
    const id = newId("ch_");
    const txn = this.addBalanceTransaction(record, {
      amount: input.amount,
      currency: input.currency,
      type: "charge",
      source: id,
      description: input.description ?? null,
      available_on: now + 2 * DAY,
      status: "pending",
    });
    const name = record.account.settings?.payments.statement_descriptor ?? null;
    const charge: Stripe.Charge = buildCharge(id, now, {
      amount: input.amount,
      currency: input.currency,
      description: input.description ?? null,
      metadata: input.metadata ?? {},
      balance_transaction: txn.id,
      payment_method: newId("card_"),
      statement_descriptor: name,
    });
    charge.livemode = this.livemode;
    record.charges.push(charge);
    addAmount(record.balance.pending, input.currency, txn.net);
    this.emit(record, { type: "charge.succeeded", data: { object: charge } }, request);
    return charge;
  }

  /** True when the available balance in `currency` covers `amount` (a payout may not overdraw it). */
  covers(
    record: AccountRecord,
    { amount, currency }: { amount: number; currency: string },
  ): boolean {
    return (record.balance.available[currency] ?? 0) >= amount;
  }

  /** A payout from the available balance; emits `payout.paid` when its status is paid. */
  addPayout(record: AccountRecord, input: NewPayout): Stripe.Payout {
    const now = input.created ?? this.now();
    const id = newId("po_");
    const status = input.status ?? "paid";
    const txn = this.addBalanceTransaction(record, {
      amount: -input.amount,
      currency: input.currency,
      type: "payout",
      source: id,
      description: "STRIPE PAYOUT",
      available_on: now,
      status: "available",
    });
    const payout = buildPayout(id, now, {
      amount: input.amount,
      currency: input.currency,
      status,
      arrival_date: input.arrival_date ?? (status === "paid" ? now : now + 2 * DAY),
      balance_transaction: txn.id,
      destination: newId("ba_"),
    });
    payout.livemode = this.livemode;
    record.payouts.push(payout);
    if (status !== "failed" && status !== "canceled") {
      addAmount(record.balance.available, input.currency, -input.amount);
    }
    if (status === "paid") this.emit(record, { type: "payout.paid", data: { object: payout } });
    return payout;
  }

  private addBalanceTransaction(
    record: AccountRecord,
    fields: Parameters<typeof buildBalanceTransaction>[2],
  ): Stripe.BalanceTransaction {
    const txn = buildBalanceTransaction(newId("txn_"), this.now(), fields);
    record.balance_transactions.push(txn);
    return txn;
  }

  /**
   * Records an event on the account and hands it to the webhook dispatcher when the platform
   * should hear of it: a connected seller's events, and the deauthorization that ends a connection.
   */
  private emit(
    record: AccountRecord,
    payload: EventPayload,
    request?: EventRequest,
    send = true,
  ): void {
    const isSeller = record.account.id !== this.data.platform;
    const deliver =
      send &&
      isSeller &&
      (record.connection !== null || payload.type === "account.application.deauthorized");
    const event = buildEvent(
      {
        id: newId("evt_"),
        account: isSeller ? record.account.id : undefined,
        api_version: this.config.apiVersion,
        created: this.now(),
        pending_webhooks: deliver ? this.config.webhookEndpoints.length : 0,
        request: request ?? { id: null, idempotency_key: null },
      },
      payload,
    );
    event.livemode = this.livemode;
    record.events.push(event);
    if (deliver) this.deliver(event);
  }
}

/** The account's balance as Stripe shows it. */
export function balanceOf(record: AccountRecord): Stripe.Balance {
  const { balance, account } = record;
  return buildBalance(balance.available, balance.pending, account.default_currency ?? "usd");
}

function addAmount(amounts: Amounts, currency: string, delta: number): void {
  amounts[currency] = (amounts[currency] ?? 0) + delta;
}

type Json = unknown;

/** Runs `change` on `object` in place; the previous values of what it changed, or null if nothing. */
function changeInPlace(object: object, change: () => void): Record<string, Json> | null {
  const before = structuredClone(object);
  change();
  const previous = changedValues(before, object);
  return Object.keys(previous).length > 0 ? previous : null;
}

/** Stripe's `previous_attributes`: the old value of each changed field, nested objects recursed. */
function changedValues(before: Json, after: Json): Record<string, Json> {
  const changes: Record<string, Json> = {};
  if (!isPlainObject(before) || !isPlainObject(after)) return changes;
  for (const [key, old] of Object.entries(before)) {
    const now = after[key];
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    changes[key] = isPlainObject(old) && isPlainObject(now) ? changedValues(old, now) : old;
  }
  return changes;
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
