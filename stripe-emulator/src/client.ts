/**
 * The typed client of a running emulator, for tests and scripts in any project: the control API
 * (`/_emulator`: seed accounts, move the clock, inject faults, flip the webhook switches, flush
 * deliveries) and the two steps a Connect test needs around it, the seller's part (the authorize
 * form, as a browser posts it) and the code exchange at `/oauth/token`. It talks HTTP only, so it
 * works against an emulator started in-process (`startEmulator()`) or with the command, and it
 * imports nothing from the server at run time but its defaults.
 *
 * The typed methods throw `EmulatorControlError` on any answer other than 2xx; `request()` returns
 * every answer as it is, for tests of the control API's own errors.
 */
import type Stripe from "stripe";
import { resolveOptions } from "./config";
import type {
  AccountSummary,
  CapabilityBody,
  ChargeBody,
  CompleteOnboardingBody,
  FutureRequirementsBody,
  PastDueBody,
  PayoutBody,
  ProvideBody,
  RequirementsDueBody,
  RevokeBody,
  SeedAccountBody,
  SeedRequirementsBody,
  UpdateAccountBody,
  VerifyBody,
} from "./control";
import type { FaultBody, Faults } from "./faults";
import type { V2EventRecord } from "./v2-objects";
import type { Delivery, Switches } from "./webhooks";

export type {
  AccountSummary,
  CapabilityBody,
  ChargeBody,
  CompleteOnboardingBody,
  Delivery,
  FaultBody,
  FutureRequirementsBody,
  PastDueBody,
  PayoutBody,
  ProvideBody,
  RequirementsDueBody,
  RevokeBody,
  SeedAccountBody,
  SeedRequirementsBody,
  Switches,
  UpdateAccountBody,
  V2EventRecord,
  VerifyBody,
};

/** One HTTP exchange, redirects not followed. */
export interface TransportRequest {
  method: "GET" | "POST" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
}
export interface TransportResponse {
  status: number;
  /** The `Location` header, if any. */
  location: string | null;
  text: string;
}
/** How the client sends its requests: `fetch` by default (Playwright tests pass their own). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export const fetchTransport: Transport = async ({ method, url, headers, body }) => {
  const response = await fetch(url, { method, headers, body, redirect: "manual" });
  return {
    status: response.status,
    location: response.headers.get("location"),
    text: await response.text(),
  };
};

export interface EmulatorClientOptions {
  /** The platform's client id (default: the emulator's default). */
  clientId?: string;
  /** The platform's secret key, for the code exchange (default: the emulator's default). */
  secretKey?: string;
  transport?: Transport;
}

export interface ControlReply<T> {
  status: number;
  body: T;
}

export class EmulatorControlError extends Error {
  override name = "EmulatorControlError";
  constructor(
    readonly request: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${request} answered ${String(status)}: ${JSON.stringify(body)}`);
  }
}

export interface Clock {
  /** The fake clock's time, Unix seconds. */
  now: number;
  offset_seconds: number;
}
export type FaultsState = ReturnType<Faults["describe"]>;
/** Seeding fields; `email` and `business_name` default to unique ones. */
export type SeedFields = Partial<SeedAccountBody>;
/** The seller's answer on the authorize page (`panel` login and `action` connect by default). */
export type AuthorizeForm = Record<string, string>;
export interface AuthorizeResult {
  status: number;
  /** Where the emulator sends the browser (the redirect URI with `code` or `error`), if anywhere. */
  location: URL | undefined;
  body: string;
}

/** `{ host, port, protocol }` for stripe-node's constructor, from the emulator's base URL. */
export function stripeNodeOptions(baseUrl: string): {
  host: string;
  port: number;
  protocol: "http" | "https";
} {
  const url = new URL(baseUrl);
  const protocol = url.protocol === "https:" ? "https" : "http";
  const port = url.port === "" ? (protocol === "https" ? 443 : 80) : Number(url.port);
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port, protocol };
}

export class EmulatorClient {
  readonly url: string;
  readonly clientId: string;
  readonly secretKey: string;
  private readonly transport: Transport;

  /** `url`: the emulator's base URL, e.g. http://127.0.0.1:12111. */
  constructor(url: string, options: EmulatorClientOptions = {}) {
    const defaults = resolveOptions({});
    this.url = url.replace(/\/+$/, "");
    this.clientId = options.clientId ?? defaults.clientId;
    this.secretKey = options.secretKey ?? defaults.secretKey;
    this.transport = options.transport ?? fetchTransport;
  }

  /** Any control route (`path` below /_emulator), every answer returned as it is. */
  async request<T = unknown>(
    method: TransportRequest["method"],
    path: string,
    body?: unknown,
  ): Promise<ControlReply<T>> {
    const response = await this.transport({
      method,
      url: `${this.url}/_emulator${path}`,
      headers: method === "GET" ? {} : { "Content-Type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
    return { status: response.status, body: parseJson(response.text) as T };
  }

  private async call<T>(
    method: TransportRequest["method"],
    path: string,
    body?: unknown,
  ): Promise<T> {
    const { status, body: answer } = await this.request<T>(method, path, body);
    if (status < 200 || status > 299) {
      throw new EmulatorControlError(`${method} /_emulator${path}`, status, answer);
    }
    return answer;
  }

  // The control API (README: "Control API").

  /** Forgets everything: accounts, codes, tokens, events, clock, deliveries, faults, switches. */
  reset(): Promise<{ reset: true }> {
    return this.call("POST", "/reset");
  }

  /** Seeds a seller account (not connected unless `connected: true`). */
  seedAccount(fields: SeedFields = {}): Promise<Stripe.Account> {
    const unique = crypto.randomUUID().slice(0, 8);
    return this.call("POST", "/accounts", {
      email: `seller-${unique}@example.com`,
      business_name: `Seller ${unique}`,
      ...fields,
    });
  }

  /**
   * Seeds many seller accounts in one call (at most 5,000), all or none; each gets a unique email
   * and business name unless given.
   */
  async seedAccounts(fields: SeedFields[]): Promise<Stripe.Account[]> {
    const accounts = fields.map((f) => {
      const unique = crypto.randomUUID().slice(0, 8);
      return { email: `seller-${unique}@example.com`, business_name: `Seller ${unique}`, ...f };
    });
    return (await this.call<{ data: Stripe.Account[] }>("POST", "/accounts/bulk", { accounts }))
      .data;
  }

  /** The rate limits (requests a second per key) and how many requests they refused (429). */
  rateLimits(): Promise<{ per_second: { test: number; live: number }; refused: number }> {
    return this.call("GET", "/rate_limits");
  }

  /** New rate limits (`0`: none); every bucket starts full, the count of refusals at 0. */
  setRateLimits(limits: {
    test?: number;
    live?: number;
  }): Promise<{ per_second: { test: number; live: number }; refused: number }> {
    return this.call("POST", "/rate_limits", limits);
  }

  async accounts(): Promise<AccountSummary[]> {
    return (await this.call<{ data: AccountSummary[] }>("GET", "/accounts")).data;
  }

  account(id: string): Promise<AccountSummary> {
    return this.call("GET", `/accounts/${id}`);
  }

  /** Changes the account as the seller would at Stripe; sends `account.updated`. */
  updateAccount(id: string, changes: UpdateAccountBody): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}`, changes);
  }

  /** The seller revokes the platform's access (`deliver_webhook: false`: an event the platform misses). */
  revoke(id: string, body: RevokeBody = {}): Promise<{ stripe_user_id: string }> {
    return this.call("POST", `/accounts/${id}/revoke`, body);
  }

  // The requirements lifecycle (README: "Requirements lifecycle"): each step is one Stripe update,
  // `capability.updated` for each capability it moves, then `account.updated`; each answers the
  // Account, and an impossible step is refused (409, EmulatorControlError) without changing anything.

  /** Requirements become currently (or only eventually) due, by `deadline`. */
  requirementsDue(id: string, body: RequirementsDueBody): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/requirements/due`, body);
  }

  /** The deadline passed: what is currently due is past due; payouts are paused. */
  requirementsPastDue(id: string, body: PastDueBody = {}): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/requirements/past_due`, body);
  }

  /** Past due, with charges paused too. */
  restrictAccount(id: string, body: PastDueBody = {}): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/requirements/restrict`, body);
  }

  /** The seller provides requirements: pending verification. */
  provideRequirements(id: string, body: ProvideBody): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/requirements/provide`, body);
  }

  /** Stripe's review of pending requirements: verified (default), or failed with an error. */
  verifyRequirements(id: string, body: VerifyBody): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/requirements/verify`, body);
  }

  /** Future requirements appear, with the date they become current. */
  futureRequirements(id: string, body: FutureRequirementsBody): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/future_requirements`, body);
  }

  /** The future requirements become currently due. */
  activateFutureRequirements(id: string): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/future_requirements/activate`, {});
  }

  /** Sets a capability's status (its flag follows) → the Capability. */
  setCapability(
    id: string,
    name: "card_payments" | "transfers",
    body: CapabilityBody,
  ): Promise<Stripe.Capability> {
    return this.call("POST", `/accounts/${id}/capabilities/${name}`, body);
  }

  /** The seller's Stripe Dashboard stand-in for the account (an HTML page a browser opens). */
  dashboardUrl(id: string): string {
    return `${this.url}/dashboard/${id}`;
  }

  createCharge(id: string, charge: ChargeBody): Promise<Stripe.Charge> {
    return this.call("POST", `/accounts/${id}/charges`, charge);
  }

  createPayout(id: string, payout: PayoutBody): Promise<Stripe.Payout> {
    return this.call("POST", `/accounts/${id}/payouts`, payout);
  }

  clock(): Promise<Clock> {
    return this.call("GET", "/clock");
  }

  advanceClock(seconds: number): Promise<Clock> {
    return this.call("POST", "/clock/advance", { seconds });
  }

  faults(): Promise<FaultsState> {
    return this.call("GET", "/faults");
  }

  /** The next `times` requests to `path` wait `delay_ms` and/or fail with `status`. */
  injectFault(fault: FaultBody): Promise<FaultsState> {
    return this.call("POST", "/faults", fault);
  }

  clearFaults(): Promise<FaultsState> {
    return this.call("DELETE", "/faults");
  }

  setWebhookSwitches(switches: Partial<Switches>): Promise<Switches> {
    return this.call("POST", "/webhooks/switches", switches);
  }

  /** Releases held events and waits until every delivery has succeeded or failed. */
  async flushWebhooks(): Promise<Delivery[]> {
    return (await this.call<{ data: Delivery[] }>("POST", "/webhooks/flush")).data;
  }

  async deliveries(): Promise<Delivery[]> {
    return (await this.call<{ data: Delivery[] }>("GET", "/deliveries")).data;
  }

  // Accounts v2 and thin events (README: "Accounts v2, hosted onboarding and thin events").

  /** The hosted onboarding finished with test data ("Skip"), without a browser; `verify`: reviewed too. */
  completeOnboarding(id: string, body: CompleteOnboardingBody = {}): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/onboarding/complete`, body);
  }

  /** Stripe's review passes: every requirement pending verification is verified. */
  verifyPending(id: string): Promise<Stripe.Account> {
    return this.call("POST", `/accounts/${id}/requirements/verify_pending`, {});
  }

  /** Every v2 event recorded, oldest first. */
  async thinEvents(): Promise<V2EventRecord[]> {
    return (await this.call<{ data: V2EventRecord[] }>("GET", "/thin/events")).data;
  }

  /** Sends a v2 event's notification to the event destinations again (a duplicate, a late one). */
  resendThinEvent(id: string): Promise<V2EventRecord> {
    return this.call("POST", `/thin/events/${id}/resend`, {});
  }

  /** The thin-event deliveries' switches (duplicates, out_of_order, concurrency, jitter_ms). */
  setThinSwitches(switches: Partial<Switches>): Promise<Switches> {
    return this.call("POST", "/thin/switches", switches);
  }

  /** Releases held notifications and waits until every thin delivery has succeeded or failed. */
  async flushThinEvents(): Promise<Delivery[]> {
    return (await this.call<{ data: Delivery[] }>("POST", "/thin/flush")).data;
  }

  async thinDeliveries(): Promise<Delivery[]> {
    return (await this.call<{ data: Delivery[] }>("GET", "/thin/deliveries")).data;
  }

  // The seller and the platform around the control API.

  /** The authorize URL: response_type=code, this platform's client_id, scope=read_write, `params`. */
  authorizeUrl(params: Record<string, string> = {}): string {
    const query = { response_type: "code", client_id: this.clientId, scope: "read_write" };
    return `${this.url}/oauth/authorize?${new URLSearchParams({ ...query, ...params }).toString()}`;
  }

  /** Posts the authorize form as a browser would (signing in by default) and returns the redirect. */
  async submitAuthorize(
    query: Record<string, string>,
    form: AuthorizeForm,
  ): Promise<AuthorizeResult> {
    const response = await this.transport({
      method: "POST",
      url: `${this.url}/oauth/authorize/confirm`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        authorize_query: new URL(this.authorizeUrl(query)).search.slice(1),
        panel: "login",
        action: "connect",
        ...form,
      }).toString(),
    });
    return {
      status: response.status,
      location: response.location === null ? undefined : new URL(response.location),
      body: response.text,
    };
  }

  /** Signs in to `email` on the authorize page, presses Connect, returns the authorization code. */
  async authorizationCode(
    email: string,
    query: Record<string, string> = {},
    password = "password",
  ): Promise<string> {
    const { location } = await this.submitAuthorize(query, { email, password });
    const code = location?.searchParams.get("code");
    if (!code) throw new Error(`no code in the redirect to ${String(location)}`);
    return code;
  }

  /** Exchanges an authorization code at /oauth/token with the platform's key, as any SDK does. */
  async exchangeCode(code: string): Promise<Stripe.OAuthToken> {
    const response = await this.transport({
      method: "POST",
      url: `${this.url}/oauth/token`,
      headers: {
        Authorization: `Bearer ${this.secretKey}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code }).toString(),
    });
    const body = parseJson(response.text);
    if (response.status !== 200) {
      throw new EmulatorControlError("POST /oauth/token", response.status, body);
    }
    return body as Stripe.OAuthToken;
  }

  /** Seeds an account and connects it through the authorize form and /oauth/token. */
  async connectAccount(
    fields: SeedFields = {},
  ): Promise<{ account: Stripe.Account; token: Stripe.OAuthToken }> {
    const account = await this.seedAccount(fields);
    const code = await this.authorizationCode(account.email ?? "", {}, fields.password);
    return { account, token: await this.exchangeCode(code) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
