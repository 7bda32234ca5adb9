/**
 * The emulator's HTTP server and its programmatic API, `startEmulator()`. One server answers
 * Stripe's API (/v1), Connect OAuth (/oauth) and the emulator's own control API (/_emulator), on a
 * loopback address only.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { api, apiError } from "./api";
import { EmulatorClient } from "./client";
import { type EmulatorConfig, type EmulatorOptions, resolveOptions } from "./config";
import type { Context } from "./context";
import { control, controlError } from "./control";
import { dashboard, isDashboardPath } from "./dashboard";
import { Faults } from "./faults";
import type Stripe from "stripe";
import {
  type EmulatorRequest,
  type Reply,
  ReplyError,
  authorizationKey,
  jsonReply,
  redirectReply,
} from "./http";
import { RateLimiter } from "./rate-limit";
import { newId } from "./ids";
import { authorizeUrl, oauth, oauthError } from "./oauth";
import { errorPage } from "./pages";
import { Store } from "./state";
import { isOnboardingPath, onboarding } from "./onboarding";
import { v2Api } from "./v2-api";
import { ThinEvents } from "./v2-events";
import { WebhookDispatcher } from "./webhooks";

export type { EmulatorOptions } from "./config";

/** What the route modules share. */
export interface RunningEmulator {
  /** The base URL, e.g. http://127.0.0.1:12111 (point stripe-node's host/port/protocol here). */
  url: string;
  port: number;
  /** The configured options with their defaults filled in. */
  config: EmulatorConfig;
  /** The authorize URL for this platform: response_type=code, client_id, scope=read_write, plus `params`. */
  authorizeUrl(params?: Record<string, string>): string;
  /** The typed control client (client.ts) of this emulator, with its platform's credentials. */
  client: EmulatorClient;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const LOOPBACK_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveOptions(options);
  const webhooks = new WebhookDispatcher(config, () => store.now());
  const deliver = (event: Stripe.Event) => {
    webhooks.enqueue(event);
  };
  const store: Store = new Store(config, deliver);
  // Thin events go to the event destinations through a dispatcher of their own.
  const thin = new WebhookDispatcher(config, () => store.now(), config.eventDestinations);
  const faults = new Faults();
  const rateLimiter = new RateLimiter({ test: config.rateLimit, live: config.liveRateLimit });
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const cancelLater = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
  const thinEvents = new ThinEvents(store, thin, false);
  thinEvents.listen();
  const ctx: Context = {
    config,
    store,
    webhooks,
    thin,
    thinEvents,
    faults,
    rateLimiter,
    url: "",
    livemode: false,
    later,
    cancelLater,
  };
  if (config.liveSecretKey !== undefined) {
    // Live mode is a world of its own, reached with the live key and the live client id.
    const live = {
      ...config,
      secretKey: config.liveSecretKey,
      clientId: config.liveClientId,
      stateFile: config.stateFile?.replace(/(\.json)?$/, ".live.json"),
    };
    const liveStore = new Store(live, deliver, true);
    const liveThinEvents = new ThinEvents(liveStore, thin, true);
    liveThinEvents.listen();
    ctx.live = {
      config: live,
      store: liveStore,
      webhooks,
      thin,
      thinEvents: liveThinEvents,
      later,
      cancelLater,
      faults,
      rateLimiter,
      url: "",
      livemode: true,
    };
  }

  const server = createServer((req, res) => {
    void respond(ctx, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  ctx.url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  if (ctx.live) ctx.live.url = ctx.url;
  store.save();
  ctx.live?.store.save();

  return {
    url: ctx.url,
    port,
    config,
    authorizeUrl: (params) => authorizeUrl(ctx, params),
    client: new EmulatorClient(ctx.url, { clientId: config.clientId, secretKey: config.secretKey }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        webhooks.stop();
        thin.stop();
        cancelLater();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function respond(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const requestId = newId("req_", 14);
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = req.method ?? "GET";
  let reply: Reply;
  try {
    const request: EmulatorRequest = {
      method,
      path: url.pathname,
      search: url.search.slice(1),
      headers: req.headers,
      body: await readBody(req),
      requestId,
    };
    reply = await route(ctx, request);
  } catch (error) {
    if (error instanceof ReplyError) {
      reply = error.reply;
    } else {
      ctx.config.log(
        `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      reply = apiError(500, { type: "api_error", message: "An unexpected error occurred." }).reply;
    }
  }
  if (method !== "GET" && method !== "HEAD") {
    ctx.store.save();
    ctx.live?.store.save();
  }
  res.writeHead(reply.status, { ...reply.headers, "Request-Id": requestId });
  res.end(reply.body);
  ctx.config.log(
    `${method} ${url.pathname} ${reply.status} ${Math.round(performance.now() - started)}ms`,
  );
}

async function route(ctx: Context, req: EmulatorRequest): Promise<Reply> {
  if (!LOOPBACK_HOSTNAMES.has(new URL(`http://${req.headers.host ?? "invalid"}`).hostname)) {
    // A page on another site cannot reach the emulator through DNS rebinding.
    return jsonReply(421, {
      error: { message: "The emulator answers only to loopback host names." },
    });
  }
  const livePath = /^\/_emulator\/live(\/|$)/;
  if (livePath.test(req.path)) {
    // The same control API over the live-mode world.
    if (!ctx.live) throw controlError(404, "No live mode: start the emulator with a live key.");
    return control(ctx.live, {
      ...req,
      path: req.path.replace(/^\/_emulator\/live/, "/_emulator"),
    });
  }
  if (req.path === "/_emulator" || req.path.startsWith("/_emulator/")) return control(ctx, req);
  if (isDashboardPath(req.path)) return dashboard(ctx, req);

  const fault = ctx.faults.take(req.path);
  if (fault?.delay_ms !== undefined) await sleep(fault.delay_ms);
  if (req.path.startsWith("/v1/")) {
    const key = authorizationKey(req);
    const live = ctx.live && key !== undefined && /^(sk|rk)_live_/.test(key);
    return api(live && ctx.live ? ctx.live : ctx, req, fault?.status);
  }
  if (req.path.startsWith("/v2/")) {
    const key = authorizationKey(req);
    const live = ctx.live && key !== undefined && /^sk_live_/.test(key);
    return v2Api(live && ctx.live ? ctx.live : ctx, req, fault?.status);
  }
  if (isOnboardingPath(req.path))
    return onboarding(ctx.live && isLiveLink(ctx, req.path) ? ctx.live : ctx, req);
  if (fault?.status !== undefined) return faultReply(req.path, fault.status);
  if (req.path.startsWith("/oauth/")) return oauth(ctx, req);
  if (req.path === "/") return redirectReply("/_emulator");
  throw controlError(404, `Nothing here. See ${ctx.url}/_emulator`);
}

/** Whether an onboarding link belongs to the live-mode world (its token is in the live store). */
function isLiveLink(ctx: Context, path: string): boolean {
  const token = path.split("/").pop() ?? "";
  return ctx.live?.store.data.account_links?.[token] !== undefined;
}

function faultReply(path: string, status: number): Reply {
  const message = `Injected fault: this request failed with HTTP ${status} (emulator control API).`;
  if (path === "/oauth/authorize") return errorPage(status, "server_error", message);
  return oauthError(status, "server_error", message).reply;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ReplyError(jsonReply(413, { error: { message: "Request body too large." } })));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
