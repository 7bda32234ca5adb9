/**
 * Stripe-hosted onboarding, as an Account Link opens it (`/setup/s/:account/:token`): a form for
 * the business, a test identity and a test bank account, with "Skip" (test data, as Stripe's test
 * mode offers) and a way back to the platform without finishing.
 *
 * - A link is single use: opening it uses it up and starts an onboarding session (the form's
 *   hidden field). Opening it again, or after it expired, redirects the browser to `refresh_url`,
 *   where the platform makes a fresh link; so does a form sent with a finished or unknown session.
 * - Finishing submits the details as ONE Stripe update: the onboarding requirements are met, the
 *   identity document goes to pending verification, payments and payouts wait for the review
 *   (capabilities `pending`); a bank account is added. Then the browser goes to `return_url`.
 * - The review passes through the control API (requirements/verify), or by itself after
 *   `onboardingVerifyAfterMs` when that is set (the dev demo).
 */
import type { Context } from "./context";
import {
  type EmulatorRequest,
  type FormParams,
  type Reply,
  htmlReply,
  parseForm,
  redirectReply,
} from "./http";
import { newId } from "./ids";
import { provide, verify, withDetailsSubmitted } from "./lifecycle";
import { SafeHtml, html, page } from "./pages";
import type { AccountRecord } from "./state";

const PATH = /^\/setup\/s\/(acct_[A-Za-z0-9]+)\/([A-Za-z0-9]+)$/;
/** How long a started onboarding session may take before its form is refused. */
const SESSION_SECONDS = 3_600;

export function isOnboardingPath(path: string): boolean {
  return path.startsWith("/setup/s/");
}

/** What the form collects (and "Skip" fills with Stripe's test values). */
export interface OnboardingDetails {
  business_name: string;
  url: string;
  product_description: string;
  support_phone: string;
  given_name: string;
  surname: string;
  /** YYYY-MM-DD */
  date_of_birth: string;
  id_number: string;
  routing_number: string;
  account_number: string;
}

/** What Stripe already knows of the account: the form starts with it. */
function knownDetails(record: AccountRecord): OnboardingDetails {
  const profile = record.account.business_profile;
  return {
    business_name: profile?.name ?? "",
    url: profile?.url ?? "",
    product_description: profile?.product_description ?? "",
    support_phone: profile?.support_phone ?? "",
    given_name: record.v2?.individual?.given_name ?? "",
    surname: record.v2?.individual?.surname ?? "",
    date_of_birth: record.v2?.individual?.date_of_birth ?? "",
    id_number: "",
    routing_number: "",
    account_number: "",
  };
}

/** Stripe's test-mode values: they always pass (docs.stripe.com/connect/testing). */
export function testDetails(record: AccountRecord): OnboardingDetails {
  return {
    business_name: record.account.business_profile?.name ?? "Test business",
    url: record.account.business_profile?.url ?? "https://accessible.stripe.com",
    product_description:
      record.account.business_profile?.product_description ?? "Test goods (emulator)",
    support_phone: record.account.business_profile?.support_phone ?? "+15555550100",
    given_name: record.v2?.individual?.given_name ?? "Jenny",
    surname: record.v2?.individual?.surname ?? "Rosen",
    date_of_birth: "1901-01-01",
    id_number: "000000000",
    routing_number: "110000000",
    account_number: "000123456789",
  };
}

const FIELDS: {
  name: keyof OnboardingDetails;
  label: string;
  type: string;
  autocomplete: string;
  check: (value: string) => string | null;
}[] = [
  {
    name: "business_name",
    label: "Business name",
    type: "text",
    autocomplete: "organization",
    check: (v) => (v ? null : "Enter the business name."),
  },
  {
    name: "url",
    label: "Business website",
    type: "url",
    autocomplete: "url",
    check: (v) =>
      /^https?:\/\/[^\s/]+\.[^\s]+$/.test(v) ? null : "Enter a website starting with https://.",
  },
  {
    name: "product_description",
    label: "What you sell",
    type: "text",
    autocomplete: "off",
    check: (v) => (v.length >= 3 ? null : "Describe what you sell."),
  },
  {
    name: "support_phone",
    label: "Support phone",
    type: "tel",
    autocomplete: "tel",
    check: (v) => (/^\+?[0-9 ()-]{7,20}$/.test(v) ? null : "Enter a phone number."),
  },
  {
    name: "given_name",
    label: "First name",
    type: "text",
    autocomplete: "given-name",
    check: (v) => (v ? null : "Enter your first name."),
  },
  {
    name: "surname",
    label: "Last name",
    type: "text",
    autocomplete: "family-name",
    check: (v) => (v ? null : "Enter your last name."),
  },
  {
    name: "date_of_birth",
    label: "Date of birth",
    type: "date",
    autocomplete: "bday",
    check: checkBirthDate,
  },
  {
    name: "id_number",
    label: "ID number (test: 000000000)",
    type: "text",
    autocomplete: "off",
    check: (v) => (/^\d{4,9}$/.test(v) ? null : "Enter 4 to 9 digits."),
  },
  {
    name: "routing_number",
    label: "Bank routing number (test: 110000000)",
    type: "text",
    autocomplete: "off",
    check: (v) => (/^\d{9}$/.test(v) ? null : "Enter the 9-digit routing number."),
  },
  {
    name: "account_number",
    label: "Bank account number (test: 000123456789)",
    type: "text",
    autocomplete: "off",
    check: (v) => (/^\d{4,17}$/.test(v) ? null : "Enter 4 to 17 digits."),
  },
];

function checkBirthDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    return "Enter a date of birth (YYYY-MM-DD).";
  }
  const age = (Date.now() - date.getTime()) / (365.25 * 86_400_000);
  return age >= 13 && age < 130 ? null : "Enter a real date of birth.";
}

/** GET opens a link; POST sends its form. */
export function onboarding(ctx: Context, req: EmulatorRequest): Reply {
  const match = PATH.exec(req.path);
  const link = match ? ctx.store.data.account_links?.[match[2] ?? ""] : undefined;
  const token = match?.[2] ?? "";
  if (!match || !link || link.account !== match[1]) {
    return errorReply(
      404,
      "This onboarding link is not valid. Go back to the platform and start again.",
    );
  }
  const record = ctx.store.account(link.account);
  if (!record?.connection || record.v2?.closed) {
    return errorReply(410, "This account can no longer be onboarded.");
  }
  const now = ctx.store.now();
  if (req.method === "GET") {
    if (link.opened_at !== null || now >= link.expires_at) return redirectReply(link.refresh_url);
    // Opening the link uses it up; the form carries the session it starts.
    const session = newId("obs_", 32);
    link.opened_at = now;
    link.session = session;
    (ctx.store.data.onboarding_sessions ??= {})[session] = {
      account: link.account,
      link: token,
      created: now,
      finished: false,
    };
    ctx.store.save();
    return formPage(200, ctx, record, session, knownDetails(record), {});
  }
  if (req.method !== "POST") return errorReply(405, "Method not allowed.");
  const form = parseForm(req.body);
  const sessionId = value(form, "session");
  const session = ctx.store.data.onboarding_sessions?.[sessionId];
  if (
    !session ||
    session.link !== token ||
    session.finished ||
    now - session.created > SESSION_SECONDS
  ) {
    return redirectReply(link.refresh_url, 303);
  }
  const back = link.return_url ?? link.refresh_url;
  const action = value(form, "action");
  if (action === "leave") {
    // Leaving ends the session: a form left open in another tab no longer submits.
    session.finished = true;
    return redirectReply(back, 303);
  }
  let details: OnboardingDetails;
  if (action === "skip") {
    details = testDetails(record);
  } else {
    details = Object.fromEntries(
      FIELDS.map((f) => [f.name, value(form, f.name).trim()]),
    ) as unknown as OnboardingDetails;
    const errors: Partial<Record<keyof OnboardingDetails, string>> = {};
    for (const field of FIELDS) {
      const problem = field.check(details[field.name]);
      if (problem !== null) errors[field.name] = problem;
    }
    if (Object.keys(errors).length > 0)
      return formPage(422, ctx, record, sessionId, details, errors);
  }
  finishOnboarding(ctx, record, details);
  session.finished = true;
  if (link.return_url === null) return donePage();
  return redirectReply(link.return_url, 303);
}

function value(form: FormParams, name: string): string {
  const found = form[name];
  return typeof found === "string" ? found : "";
}

/**
 * The seller's submission, as one Stripe update (see the module comment). Also the control API's
 * `accounts/:id/onboarding/complete`, for tests that do not drive a browser.
 */
export function finishOnboarding(
  ctx: Context,
  record: AccountRecord,
  details: OnboardingDetails,
): void {
  const { store } = ctx;
  store.change(
    record,
    {
      business_name: details.business_name,
      url: details.url,
      product_description: details.product_description,
      support_phone: details.support_phone,
      details_submitted: true,
    },
    (lifecycle) => {
      const submitted = withDetailsSubmitted(lifecycle, true);
      const r = submitted.requirements;
      const due = [...new Set([...r.currently_due, ...r.past_due])];
      return due.length === 0 ? submitted : provide(submitted, due);
    },
  );
  if ((record.external_accounts ?? []).length === 0) {
    store.addExternalAccount(record, {
      object: "bank_account",
      last4: details.account_number.slice(-4),
      account_holder_name: `${details.given_name} ${details.surname}`,
    });
  }
  if (record.v2) {
    record.v2 = {
      ...record.v2,
      tos_accepted_at: store.now(),
      individual: {
        given_name: details.given_name,
        surname: details.surname,
        email: record.v2.individual?.email ?? null,
        date_of_birth: details.date_of_birth,
        id_number_last4: details.id_number.slice(-4),
      },
    };
  }
  const delay = ctx.config.onboardingVerifyAfterMs;
  if (delay !== undefined) {
    const id = record.account.id;
    ctx.later(delay, () => {
      const current = store.account(id);
      if (current) verifyPending(ctx, current);
      store.save();
    });
  }
}

/** Stripe's review passes: everything pending verification is verified (nothing pending: no-op). */
export function verifyPending(ctx: Context, record: AccountRecord): void {
  const pending = ctx.store.lifecycle(record).requirements.pending_verification;
  if (pending.length === 0) return;
  ctx.store.step(record, (l) => verify(l, pending, "verified"));
}

function formPage(
  status: number,
  ctx: Context,
  record: AccountRecord,
  session: string,
  values: OnboardingDetails,
  errors: Partial<Record<keyof OnboardingDetails, string>>,
): Reply {
  const platform = ctx.config.platformName;
  const field = (f: (typeof FIELDS)[number]) => {
    const error = errors[f.name];
    return html`<label for="${f.name}">${f.label}</label>
      <input
        id="${f.name}"
        name="${f.name}"
        type="${f.type}"
        value="${values[f.name]}"
        autocomplete="${f.autocomplete}"
        ${error ? new SafeHtml(`aria-invalid="true" aria-describedby="${f.name}-error"`) : ""}
      />
      ${error ? html`<p id="${f.name}-error" class="error">${error}</p>` : ""}`;
  };
  const group = (legend: string, names: (keyof OnboardingDetails)[]) =>
    html`<fieldset>
      <legend>${legend}</legend>
      ${FIELDS.filter((f) => names.includes(f.name)).map(field)}
    </fieldset>`;
  const count = Object.keys(errors).length;
  const body = html`<h1>Set up payments for ${platform}</h1>
    <p>
      ${platform} partners with Stripe for payments. Tell Stripe about your business to start
      accepting payments and receiving payouts. Account <code>${record.account.id}</code>.
    </p>
    <form method="post" novalidate>
      <input type="hidden" name="session" value="${session}" />
      ${
        count > 0
          ? html`<p role="alert" class="error">
              ${count === 1 ? "One field needs" : `${count} fields need`} your attention.
            </p>`
          : ""
      }
      ${group("Business details", ["business_name", "url", "product_description", "support_phone"])}
      ${group("Your identity", ["given_name", "surname", "date_of_birth", "id_number"])}
      ${group("Bank account for payouts", ["routing_number", "account_number"])}
      <div class="actions">
        <button type="submit" class="primary" name="action" value="submit">Agree and submit</button>
        <button type="submit" class="secondary" name="action" value="leave" formnovalidate>
          Return to ${platform}
        </button>
      </div>
      <p>By submitting you agree to the Stripe Connected Account Agreement (test mode).</p>
      <div class="test-mode">
        <p>Test mode: fill everything with Stripe's test data and submit.</p>
        <button type="submit" class="secondary" name="action" value="skip" formnovalidate>
          Skip (use test data)
        </button>
      </div>
    </form>`;
  return htmlReply(status, page(`Set up payments for ${platform}`, body));
}

function donePage(): Reply {
  const body = html`<h1>You're all set</h1>
    <p class="ok">Your details were submitted to Stripe. You can close this page.</p>`;
  return htmlReply(200, page("Onboarding submitted", body));
}

function errorReply(status: number, message: string): Reply {
  const body = html`<h1>Something went wrong</h1>
    <p role="alert" class="error">${message}</p>`;
  return htmlReply(status, page("Onboarding link", body));
}
