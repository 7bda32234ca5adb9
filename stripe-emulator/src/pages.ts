/**
 * The emulator's HTML: the authorize page a seller sees, its error page, and the control index.
 * Plain forms and links, no scripts, no external assets; every interpolated value is escaped by the
 * `html` template tag.
 */
import type Stripe from "stripe";
import { type Reply, htmlReply } from "./http";
import type { Scope } from "./objects";
import type { Connection } from "./state";
import type { Delivery, Switches } from "./webhooks";

export class SafeHtml {
  constructor(readonly value: string) {}
}

type Interpolation = string | number | boolean | null | undefined | SafeHtml | SafeHtml[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A template tag that escapes every interpolated value unless it is already SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + render(values[i - 1]) + text));
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f9fc; color: #1a1f36; }
  .banner { background: #ffde92; color: #5e3a00; text-align: center; margin: 0; padding: 4px; font-size: 14px; }
  main { max-width: 460px; margin: 32px auto; background: #fff; padding: 24px 32px; border-radius: 8px;
         box-shadow: 0 2px 8px rgba(0,0,0,.08); }
  main.wide { max-width: 1100px; }
  label { display: block; font-weight: 600; margin-top: 12px; }
  input { width: 100%; box-sizing: border-box; padding: 8px; font: inherit; border: 1px solid #8792a2; border-radius: 4px; }
  button { font: inherit; padding: 8px 16px; border-radius: 4px; border: 1px solid #635bff; cursor: pointer; }
  .primary { background: #635bff; color: #fff; }
  .secondary { background: #fff; color: #635bff; }
  :focus-visible { outline: 3px solid #0055bc; outline-offset: 2px; }
  .actions { display: flex; gap: 12px; margin-top: 20px; }
  .error { background: #fde8e8; color: #8a1f11; padding: 8px 12px; border-radius: 4px; }
  .test-mode { margin-top: 24px; padding: 12px; border: 1px dashed #b5a06c; border-radius: 4px; background: #fffaf0; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 24px; font-size: 14px; }
  th, td { text-align: left; border-bottom: 1px solid #e3e8ee; padding: 4px 8px; vertical-align: top; }
  caption { text-align: left; font-weight: 600; font-size: 18px; padding: 8px 0; }
  code { font-size: 13px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .requirements { list-style: none; padding: 0; }
  .requirements li { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; justify-content: space-between;
                     border-bottom: 1px solid #e3e8ee; padding: 8px 0; }
  .requirements form { display: flex; gap: 8px; margin: 0; }
  .warning { background: #fff4e5; color: #5e3a00; padding: 8px 12px; border-radius: 4px; }
  fieldset { border: 1px solid #e3e8ee; border-radius: 4px; margin: 16px 0 0; padding: 4px 16px 16px; }
  legend { font-weight: 600; padding: 0 4px; }
  .ok { background: #e6f6ec; color: #0d5e2c; padding: 8px 12px; border-radius: 4px; }
`;

export function page(title: string, body: SafeHtml, wide = false): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <header class="banner">Test mode: Stripe emulator</header>
        <main class="${wide ? "wide" : ""}">${body}</main>
      </body>
    </html>`.value;
}

export interface AuthorizeView {
  platformName: string;
  /** The original authorize query string, carried through the form unchanged. */
  query: string;
  panel: "login" | "register";
  /** The authorize URL that shows the other panel. */
  otherPanelHref: string;
  scope: Scope;
  redirectUri: string;
  values: { email: string; business_name: string; url: string; country: string };
  error?: string;
}

/** The authorize page: sign in or create an account, then Connect or Deny; or skip the form. */
export function authorizePage(status: number, view: AuthorizeView): Reply {
  const { values, panel } = view;
  const field = (
    id: string,
    label: string,
    attributes: { type: string; value?: string; autocomplete: string; required: boolean },
  ) =>
    html`<label for="${id}">${label}</label>
      <input
        id="${id}"
        name="${id}"
        type="${attributes.type}"
        value="${attributes.value ?? ""}"
        autocomplete="${attributes.autocomplete}"
        ${attributes.required ? new SafeHtml("required") : ""}
      />`;
  const password = (autocomplete: string) =>
    field("password", "Password", { type: "password", autocomplete, required: true });
  const fields =
    panel === "login"
      ? html`<h2>Sign in to your Stripe account</h2>
          ${field("email", "Email", { type: "email", value: values.email, autocomplete: "username", required: true })}
          ${password("current-password")}`
      : html`<h2>Create your Stripe account</h2>
          ${field("email", "Email", { type: "email", value: values.email, autocomplete: "email", required: true })}
          ${password("new-password")}
          ${field("business_name", "Business name", {
            type: "text",
            value: values.business_name,
            autocomplete: "organization",
            required: true,
          })}
          ${field("url", "Business website", { type: "url", value: values.url, autocomplete: "url", required: false })}
          ${field("country", "Country (two-letter code)", {
            type: "text",
            value: values.country,
            autocomplete: "country",
            required: true,
          })}`;
  const access = view.scope === "read_write" ? "read and write" : "read-only";
  const body = html`<h1>Connect to ${view.platformName}</h1>
    <p>
      ${view.platformName} would like ${access} access to your Stripe account. Afterwards you will
      return to <code>${view.redirectUri}</code>.
    </p>
    <form method="post" action="/oauth/authorize/confirm">
      <input type="hidden" name="authorize_query" value="${view.query}" />
      <input type="hidden" name="panel" value="${panel}" />
      ${view.error === undefined ? "" : html`<p role="alert" class="error">${view.error}</p>`}
      ${fields}
      <div class="actions">
        <button type="submit" class="primary" name="action" value="connect">Connect</button>
        <button type="submit" class="secondary" name="action" value="deny" formnovalidate>
          Deny
        </button>
      </div>
      <p>
        <a href="${view.otherPanelHref}"
          >${panel === "login" ? "Create a new Stripe account instead" : "Sign in to an existing account instead"}</a
        >
      </p>
      <div class="test-mode">
        <p>Test mode: skip the form and connect a new test account filled with sample data.</p>
        <button
          type="submit"
          class="secondary"
          id="skip-account-app"
          name="action"
          value="skip"
          formnovalidate
        >
          Skip this form
        </button>
      </div>
    </form>`;
  return htmlReply(status, page(`Connect to ${view.platformName}`, body));
}

/** Shown instead of redirecting when the request cannot be trusted (client_id, redirect_uri). */
export function errorPage(status: number, error: string, description: string): Reply {
  const body = html`<h1>Something went wrong</h1>
    <p role="alert" class="error"><code>${error}</code>: ${description}</p>
    <p>
      This authorization request could not be completed, so you were not sent back to the
      application.
    </p>`;
  return htmlReply(status, page("Authorization error", body));
}

export interface IndexView {
  url: string;
  clientId: string;
  platformName: string;
  redirectUris: string[];
  webhookEndpoints: string[];
  eventDestinations: string[];
  authorizeUrl: string;
  now: number;
  clockOffset: number;
  accounts: { account: Stripe.Account; connection: Connection | null; balance: Stripe.Balance }[];
  deliveries: Delivery[];
  /** Thin event (v2) deliveries to the event destinations. */
  thinDeliveries: Delivery[];
  switches: Switches;
  faults: unknown;
}

function formatAmounts(funds: Stripe.Balance.Available[]): string {
  return funds.map((f) => `${(f.amount / 100).toFixed(2)} ${f.currency.toUpperCase()}`).join(", ");
}

/** "2 due, 1 past due, 1 pending": how many requirements of each kind an account has. */
function requirementCounts(account: Stripe.Account): string {
  const r = account.requirements;
  const counts = [
    [r?.currently_due?.length ?? 0, "due"],
    [r?.past_due?.length ?? 0, "past due"],
    [r?.pending_verification?.length ?? 0, "pending"],
    [account.future_requirements?.currently_due?.length ?? 0, "future"],
  ] as const;
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${String(n)} ${what}`);
  return `${parts.length === 0 ? "none" : parts.join(", ")}.`;
}

/** GET /_emulator: accounts, connections and webhook deliveries, for a person to look at. */
export function indexPage(view: IndexView): Reply {
  const time = new Date(view.now * 1000).toISOString();
  const accounts = view.accounts.map(
    ({ account, connection, balance }) =>
      html`<tr>
        <td><code>${account.id}</code></td>
        <td>${account.business_profile?.name}</td>
        <td>${account.email}</td>
        <td>${connection ? `connected (${connection.scope})` : "not connected"}</td>
        <td>
          charges ${account.charges_enabled ? "on" : "off"}, payouts
          ${account.payouts_enabled ? "on" : "off"}, details
          ${account.details_submitted ? "submitted" : "missing"}
        </td>
        <td>
          available ${formatAmounts(balance.available)}; pending ${formatAmounts(balance.pending)}
        </td>
        <td>
          ${requirementCounts(account)}
          <a href="/dashboard/${account.id}"
            >Dashboard<span class="visually-hidden"> of ${account.id}</span></a
          >
        </td>
      </tr>`,
  );
  const body = html`<h1>Stripe emulator</h1>
    <p>
      Platform <strong>${view.platformName}</strong>, client id <code>${view.clientId}</code>. API
      base <code>${view.url}</code>. Clock ${time} (offset ${view.clockOffset} s).
      <a href="${view.authorizeUrl}">Open the authorize page</a>.
    </p>
    <p>
      Redirect URIs: ${view.redirectUris.map((uri) => html`<code>${uri}</code> `)}. Webhook
      endpoints:
      ${view.webhookEndpoints.length === 0 ? "none" : view.webhookEndpoints.map((u) => html`<code>${u}</code> `)}.
      Event destinations (thin events):
      ${view.eventDestinations.length === 0 ? "none" : view.eventDestinations.map((u) => html`<code>${u}</code> `)}.
      Switches: duplicates ${view.switches.duplicates ? "on" : "off"}, out of order
      ${view.switches.out_of_order ? "on" : "off"}. Faults:
      <code>${JSON.stringify(view.faults)}</code>.
    </p>
    ${table(
      "Accounts",
      ["Id", "Business", "Email", "Connection", "Status", "Balance", "Requirements"],
      accounts,
    )}
    ${deliveriesTable("Webhook deliveries (newest first)", view.deliveries)}
    ${deliveriesTable("Thin event deliveries (newest first)", view.thinDeliveries)}`;
  return htmlReply(200, page("Stripe emulator", body, true));
}

function deliveriesTable(caption: string, deliveries: Delivery[]): SafeHtml {
  const rows = [...deliveries].reverse().map((d) => {
    const last = d.attempts.at(-1);
    return html`<tr>
      <td><code>${d.event_id}</code>${d.duplicate ? " (duplicate)" : ""}</td>
      <td>${d.event_type}</td>
      <td><code>${d.account}</code></td>
      <td>${d.endpoint}</td>
      <td>${d.state}</td>
      <td>${d.attempts.length}</td>
      <td>${last ? (last.status ?? last.error) : ""}</td>
    </tr>`;
  });
  const columns = ["Event", "Type", "Account", "Endpoint", "State", "Attempts", "Last result"];
  return table(caption, columns, rows);
}

function table(caption: string, columns: string[], rows: SafeHtml[]): SafeHtml {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${columns.map((name) => html`<th scope="col">${name}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export interface DashboardView {
  account: Stripe.Account;
  /** Why the last action was refused, if it was. */
  error?: string;
}

function formatDeadline(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * GET /dashboard/:id: a stand-in for the seller's Stripe Dashboard, where a seller sees what Stripe
 * needs and provides it; and, in test mode, Stripe's review of what was provided. Each button
 * posts a same-origin form and comes back here.
 */
export function dashboardPage(status: number, view: DashboardView): Reply {
  const { account } = view;
  const r = account.requirements;
  const future = account.future_requirements;
  const currentlyDue = r?.currently_due ?? [];
  const pastDue = r?.past_due ?? [];
  const pending = r?.pending_verification ?? [];
  const eventuallyOnly = (r?.eventually_due ?? []).filter((name) => !currentlyDue.includes(name));
  const action = (what: string) => `/dashboard/${account.id}/${what}`;
  const provideForm = (name: string) =>
    html`<form method="post" action="${action("provide")}">
      <input type="hidden" name="requirement" value="${name}" />
      <button type="submit" class="primary">Provide ${name}</button>
    </form>`;
  const dueList = (names: string[]) =>
    html`<ul class="requirements">
      ${names.map((name) => html`<li><code>${name}</code>${provideForm(name)}</li>`)}
    </ul>`;
  const section = (title: string, names: string[], body: SafeHtml) =>
    names.length === 0
      ? ""
      : html`<section>
          <h2>${title}</h2>
          ${body}
        </section>`;
  const deadline = r?.current_deadline ?? null;
  const dueOnly = currentlyDue.filter((name) => !pastDue.includes(name));
  const body = html`<h1>Stripe Dashboard: ${account.business_profile?.name ?? account.id}</h1>
    <p><code>${account.id}</code> · ${account.email}</p>
    ${view.error === undefined ? "" : html`<p role="alert" class="error">${view.error}</p>`}
    <p class="${account.charges_enabled && account.payouts_enabled ? "ok" : "warning"}">
      Payments ${account.charges_enabled ? "enabled" : "paused"}; payouts
      ${account.payouts_enabled ? "enabled" : "paused"}.${
        r?.disabled_reason ? html` Reason: <code>${r.disabled_reason}</code>.` : ""
      }
    </p>
    ${
      currentlyDue.length + pending.length + eventuallyOnly.length === 0
        ? html`<p>Nothing is due: your account is fully set up.</p>`
        : ""
    }
    ${section(
      "Past due",
      pastDue,
      html`<p>Stripe has paused what these hold up. Provide them to resume.</p>
        ${dueList(pastDue)}`,
    )}
    ${section(
      "Currently due",
      dueOnly,
      html`<p>
          ${
            deadline === null
              ? "Provide these to keep payments and payouts running."
              : `Due by ${formatDeadline(deadline)}.`
          }
        </p>
        ${dueList(dueOnly)}`,
    )}
    ${section(
      "Errors",
      (r?.errors ?? []).map((e) => e.requirement),
      html`<ul>
        ${(r?.errors ?? []).map(
          (e) => html`<li><code>${e.requirement}</code>: ${e.reason} (<code>${e.code}</code>)</li>`,
        )}
      </ul>`,
    )}
    ${section(
      "Pending verification",
      pending,
      html`<p>Stripe is reviewing these. In test mode, decide the review here.</p>
        <ul class="requirements">
          ${pending.map(
            (name) =>
              html`<li>
                <span><code>${name}</code></span>
                <form method="post" action="${action("verify")}">
                  <input type="hidden" name="requirement" value="${name}" />
                  <button type="submit" class="primary" name="outcome" value="verified">
                    Verify<span class="visually-hidden"> ${name}</span>
                  </button>
                  <button type="submit" class="secondary" name="outcome" value="failed">
                    Fail verification<span class="visually-hidden"> of ${name}</span>
                  </button>
                </form>
              </li>`,
          )}
        </ul>`,
    )}
    ${section(
      "Eventually due",
      eventuallyOnly,
      html`<p>Not needed yet; Stripe will ask for these later.</p>
        ${dueList(eventuallyOnly)}`,
    )}
    ${section(
      "Future requirements",
      future?.currently_due ?? [],
      html`<p>
          ${
            future?.current_deadline
              ? `Stripe will need these from ${formatDeadline(future.current_deadline)}.`
              : "Stripe will need these later."
          }
        </p>
        <ul>
          ${(future?.currently_due ?? []).map((name) => html`<li><code>${name}</code></li>`)}
        </ul>`,
    )}
    <p><a href="/_emulator">The emulator's index</a></p>`;
  const name = account.business_profile?.name ?? account.id;
  return htmlReply(status, page(`Stripe Dashboard: ${name}`, body));
}
