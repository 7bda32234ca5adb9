import Link from "next/link";
import { AUDIT_ACTION_LABELS } from "@/components/admin/audit-labels";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonStyles } from "@/components/ui/styles";
import { AUDIT_ACTIONS, STRIPE_ACTOR, type AuditFilters } from "@/lib/admin/audit-query";
import { SEARCH_MAX_LENGTH } from "@/lib/admin/connection-query";

/**
 * The audit log's filters: a plain GET form, so a view is its URL (to bookmark or share) and it
 * works without JavaScript. Applying it starts again from the newest entries.
 */
export function AuditFiltersForm({ filters }: { filters: AuditFilters }) {
  return (
    <form
      method="get"
      action="/admin/audit"
      role="search"
      aria-label="Filter the audit log"
      className="mb-6 grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-5"
    >
      <div className="col-span-2 lg:col-span-1">
        <Field
          label="Who"
          name="actor"
          defaultValue={filters.actor}
          maxLength={SEARCH_MAX_LENGTH}
          placeholder="admin@…"
          hint={`An email, or “${STRIPE_ACTOR}”.`}
        />
      </div>
      <div className="col-span-2 lg:col-span-1">
        <SelectField
          label="What"
          name="action"
          defaultValue={filters.action?.toLowerCase() ?? ""}
          options={[
            ["", "Any"],
            ...AUDIT_ACTIONS.map((a) => [a.toLowerCase(), AUDIT_ACTION_LABELS[a]] as const),
          ]}
        />
      </div>
      <div className="col-span-2 lg:col-span-1">
        <Field
          label="Seller"
          name="seller"
          defaultValue={filters.seller}
          maxLength={SEARCH_MAX_LENGTH}
          placeholder="seller@… or acct_…"
          hint="Their email or Stripe account id."
        />
      </div>
      <Field label="From" name="from" type="date" defaultValue={filters.from ?? ""} />
      <Field label="To" name="to" type="date" defaultValue={filters.to ?? ""} />
      <div className="col-span-2 flex items-end gap-3 lg:col-span-5">
        <button type="submit" className={buttonStyles.primary}>
          Apply
        </button>
        <Link href="/admin/audit" className={buttonStyles.ghost}>
          Clear
        </Link>
      </div>
    </form>
  );
}
