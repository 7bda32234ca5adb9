import Link from "next/link";
import { Field } from "@/components/ui/field";
import { READINESS } from "@/components/ui/readiness-badge";
import { SelectField } from "@/components/ui/select-field";
import { buttonStyles } from "@/components/ui/styles";
import {
  FILTER_NAMES,
  FILTER_VALUES,
  SEARCH_MAX_LENGTH,
  type ConnectionFilters,
  type FilterName,
  type FilterValue,
} from "@/lib/admin/connection-query";
import { READINESS_STATES } from "@/lib/stripe/readiness";

/**
 * Each filter's label and the words for each of its values. The names and values are
 * lib/admin/connection-query.ts's (FILTER_VALUES): a value added there fails the build here until
 * it has its words, and the form offers them in that module's order.
 */
const FILTERS: { [N in FilterName]: { label: string; options: Record<FilterValue<N>, string> } } = {
  status: {
    label: "Status",
    options: { connected: "Connected", disconnected: "Disconnected", revoked: "Revoked" },
  },
  mode: { label: "Mode", options: { live: "Live", test: "Test" } },
  source: { label: "Source", options: { created: "Created", oauth: "OAuth" } },
  charges: { label: "Charges", options: { enabled: "Enabled", disabled: "Not enabled" } },
  requirements: { label: "Requirements", options: { due: "Some due", none: "None due" } },
  readiness: {
    label: "Readiness",
    options: Object.fromEntries(
      READINESS_STATES.map((state) => [state.toLowerCase(), READINESS[state].label]),
    ) as Record<FilterValue<"readiness">, string>,
  },
  deadline: {
    label: "Deadline",
    options: { "7": "Within 7 days (or passed)", "30": "Within 30 days (or passed)" },
  },
  upcoming: { label: "Future requirements", options: { "1": "Some upcoming" } },
  capability: { label: "Capabilities", options: { inactive: "Payments or transfers inactive" } },
};

/** One filter's select: "Any", then its values in FILTER_VALUES's order. */
function FilterSelect<N extends FilterName>({ name, value }: { name: N; value?: FilterValue<N> }) {
  const { label, options } = FILTERS[name];
  const values: readonly FilterValue<N>[] = FILTER_VALUES[name];
  return (
    <SelectField
      label={label}
      name={name}
      defaultValue={value ?? ""}
      options={[["", "Any"], ...values.map((v) => [v, options[v]] as const)]}
    />
  );
}

/**
 * Search, filters and sort of the accounts list: a plain GET form, so the view is its URL (to
 * bookmark or share) and it works without JavaScript. Applying it starts again from page one.
 */
export function ConnectionFiltersForm({
  filters,
  searchError,
}: {
  filters: ConnectionFilters;
  searchError?: string;
}) {
  return (
    <form
      method="get"
      action="/admin/accounts"
      role="search"
      aria-label="Accounts"
      className="mb-6 grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-6"
    >
      <div className="col-span-2 lg:col-span-6">
        <Field
          label="Search"
          name="q"
          type="search"
          defaultValue={filters.q}
          maxLength={SEARCH_MAX_LENGTH}
          placeholder="Seller name or email, business name, acct_…"
          hint="Any part of it: at least 3 letters or digits in a row."
          error={searchError}
        />
      </div>
      {FILTER_NAMES.map((name) => (
        <FilterSelect key={name} name={name} value={filters[name]} />
      ))}
      <div className="col-span-2">
        <SelectField
          label="Sort by"
          name="sort"
          defaultValue={filters.sort}
          options={[
            ["connected_desc", "Connected: newest first"],
            ["connected_asc", "Connected: oldest first"],
            ["last_event_desc", "Last event: newest first"],
            ["last_event_asc", "Last event: oldest (or none) first"],
          ]}
        />
      </div>
      <div className="col-span-2 flex items-end gap-3 lg:col-span-6">
        <button type="submit" className={buttonStyles.primary}>
          Apply
        </button>
        <Link href="/admin/accounts" className={buttonStyles.ghost}>
          Clear
        </Link>
      </div>
    </form>
  );
}
