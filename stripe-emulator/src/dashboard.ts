/**
 * A stand-in for the seller's Stripe Dashboard (`/dashboard/:id`): the page that shows what Stripe
 * needs of the account, and the same-origin forms behind its buttons, which move the account
 * through the requirements lifecycle exactly as the control API's steps do (src/lifecycle.ts).
 * Like the authorize page it is plain HTML posted as urlencoded forms; a post from another site is
 * refused (the control API refuses them by asking for JSON; a form cannot).
 */
import { type EmulatorRequest, type Reply, header, parseForm, redirectReply } from "./http";
import { LifecycleRefusal, type VerificationOutcome, provide, verify } from "./lifecycle";
import type { Lifecycle } from "./objects";
import { dashboardPage, errorPage } from "./pages";
import type { Context } from "./context";
import type { AccountRecord, Store } from "./state";

const DASHBOARD_PATH = /^\/dashboard\/(acct_[A-Za-z0-9]+)(?:\/(provide|verify))?$/;

export function isDashboardPath(path: string): boolean {
  return path === "/dashboard" || path.startsWith("/dashboard/");
}

export function dashboard(ctx: Context, req: EmulatorRequest): Reply {
  const [, id = "", action] = DASHBOARD_PATH.exec(req.path) ?? [];
  const found = findAccount(ctx, id);
  if (found === undefined) {
    return errorPage(404, "resource_missing", `No such account: '${id || req.path}'.`);
  }
  const { store, record } = found;
  if (req.method === "GET" && action === undefined) {
    return dashboardPage(200, { account: record.account });
  }
  if (req.method !== "POST" || action === undefined) {
    return errorPage(405, "invalid_request", `${req.method} ${req.path} is not a dashboard page.`);
  }
  if (!sameOrigin(req)) {
    return errorPage(403, "forbidden", "The dashboard accepts its own forms only.");
  }
  const form = parseForm(req.body);
  const requirement = typeof form.requirement === "string" ? form.requirement.trim() : "";
  if (requirement === "") {
    return dashboardPage(400, { account: record.account, error: "No requirement was named." });
  }
  const step =
    action === "provide"
      ? (l: Lifecycle) => provide(l, [requirement])
      : (l: Lifecycle) => verify(l, [requirement], outcomeOf(form.outcome, requirement));
  try {
    store.step(record, step);
  } catch (error) {
    if (!(error instanceof LifecycleRefusal)) throw error;
    return dashboardPage(409, { account: record.account, error: error.message });
  }
  // Post/redirect/get: back to the page, which shows the new state.
  return redirectReply(`/dashboard/${id}`, 303);
}

/** The test-mode account `id`, or else the live-mode one (never the platform's own). */
function findAccount(
  ctx: Context,
  id: string,
): { store: Store; record: AccountRecord } | undefined {
  for (const world of [ctx, ctx.live]) {
    const record = world?.store.account(id);
    if (world && record && id !== world.store.data.platform) return { store: world.store, record };
  }
  return undefined;
}

/** "Verify", or "Fail verification" with the error Stripe gives a failed document or check. */
function outcomeOf(value: unknown, requirement: string): VerificationOutcome {
  if (value !== "failed") return "verified";
  return requirement.includes("document")
    ? {
        code: "verification_document_failed_other",
        reason: "The document could not be verified. Upload another one.",
      }
    : {
        code: "verification_failed_other",
        reason: "The information provided could not be verified.",
      };
}

/**
 * A post from the dashboard's own page: a browser names the requester's site in `Sec-Fetch-Site`
 * (the page's `Referrer-Policy: no-referrer` makes its `Origin` "null", so that cannot say).
 * Clients that send neither (tests, curl) are let through, as on the authorize form.
 */
function sameOrigin(req: EmulatorRequest): boolean {
  const site = header(req, "sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = header(req, "origin");
  if (origin === undefined || origin === "null") return true;
  return URL.canParse(origin) && new URL(origin).host === header(req, "host");
}
