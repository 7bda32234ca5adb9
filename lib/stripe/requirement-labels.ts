/**
 * Plain words for what Stripe names in an account's requirements: requirement names
 * (`individual.verification.document`), disabled reasons and capabilities. Stripe keeps adding
 * names: one we do not know is shown as Stripe names it, never dropped.
 */

/** Exact requirement names. */
const REQUIREMENTS: Record<string, string> = {
  external_account: "Bank account for payouts",
  business_type: "Business type",
  "business_profile.url": "Business website",
  "business_profile.mcc": "Business category",
  "business_profile.product_description": "Description of what you sell",
  "business_profile.support_phone": "Support phone number",
  "business_profile.name": "Business name",
  "settings.payments.statement_descriptor": "Statement descriptor",
  "tos_acceptance.date": "Acceptance of Stripe's terms of service",
  "tos_acceptance.ip": "Acceptance of Stripe's terms of service",
  "company.name": "Company name",
  "company.tax_id": "Company tax ID",
  "company.phone": "Company phone number",
  "company.owners_provided": "Confirmation of the company's owners",
  "company.directors_provided": "Confirmation of the company's directors",
  "company.executives_provided": "Confirmation of the company's executives",
  "company.verification.document": "Company registration document",
};

/** What a person's requirement is about, after `individual.`, `representative.` or `person_….`. */
const PERSON_FIELDS: [RegExp, string][] = [
  [/^verification\.document$/, "Identity document"],
  [/^verification\.additional_document$/, "Proof of address document"],
  [/^id_number$/, "Tax ID number"],
  [/^ssn_last_4$/, "Last 4 digits of the Social Security number"],
  [/^dob\./, "Date of birth"],
  [/^(first_name|last_name)$/, "Legal name"],
  [/^address\./, "Home address"],
  [/^email$/, "Email address"],
  [/^phone$/, "Phone number"],
  [/^relationship\.title$/, "Job title"],
];

const PERSON = /^(individual|representative|person_[A-Za-z0-9]+)\.(.+)$/;

function personLabel(whose: string, field: string): string | null {
  const label = PERSON_FIELDS.find(([pattern]) => pattern.test(field))?.[1];
  if (!label) return null;
  if (whose === "individual") return label;
  if (whose === "representative") return `${label} of the account's representative`;
  return `${label} of a person on the account`;
}

/** A requirement in plain words, or as Stripe names it when we do not know it. */
export function requirementLabel(name: string): string {
  const exact = REQUIREMENTS[name];
  if (exact) return exact;
  const person = PERSON.exec(name);
  if (person) {
    const label = personLabel(person[1] ?? "", person[2] ?? "");
    if (label) return label;
  }
  if (name.startsWith("company.address.")) return "Company address";
  return name;
}

/** Requirements in plain words, one line each (a date of birth's three fields are one line). */
export function requirementLabels(names: string[]): string[] {
  return [...new Set(names.map(requirementLabel))];
}

const DISABLED_REASONS: Record<string, string> = {
  "requirements.past_due": "Information Stripe asked for is past due",
  "requirements.pending_verification": "Stripe is verifying the information provided",
  "action_required.requested_capabilities": "A requested capability needs action",
  under_review: "Stripe is reviewing the account",
  listed: "Stripe is reviewing the account against sanctions lists",
  platform_paused: "Paused by the platform",
  other: "Restricted by Stripe",
  "rejected.fraud": "Rejected by Stripe: suspected fraud",
  "rejected.terms_of_service": "Rejected by Stripe: terms of service",
  "rejected.listed": "Rejected by Stripe: on a sanctions list",
  "rejected.incomplete_verification": "Rejected by Stripe: verification was not completed",
  "rejected.other": "Rejected by Stripe",
  "rejected.platform_fraud": "Rejected by the platform: suspected fraud",
  "rejected.platform_terms_of_service": "Rejected by the platform: terms of service",
  "rejected.platform_other": "Rejected by the platform",
};

/** Why Stripe disabled an account, in plain words (Stripe's name when we do not know it). */
export function disabledReasonLabel(reason: string): string {
  return DISABLED_REASONS[reason] ?? reason;
}

const CAPABILITIES: Record<string, string> = {
  card_payments: "Card payments",
  transfers: "Transfers",
};

/** A capability's name in plain words (Stripe's name when we do not know it). */
export function capabilityLabel(name: string): string {
  return CAPABILITIES[name] ?? name;
}
