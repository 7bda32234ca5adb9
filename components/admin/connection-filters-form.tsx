import Link from "next/link";
import { Field } from "@/components/ui/field";
import { READINESS } from "@/components/ui/readiness-badge";
import { SelectField } from "@/components/ui/select-field";
import { buttonStyles } from "@/components/ui/styles";
import { SEARCH_MAX_LENGTH, type ConnectionFilters } from "@/lib/admin/connection-query";
import { READINESS_STATES } from "@/lib/stripe/readiness";

const ANY = ["", "Any"] as const;

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
      <SelectField
        label="Status"
        name="status"
        defaultValue={filters.status ?? ""}
        options={[
          ANY,
          ["connected", "Connected"],
          ["disconnected", "Disconnected"],
          ["revoked", "Revoked"],
        ]}
      />
      <SelectField
        label="Mode"
        name="mode"
        defaultValue={filters.mode ?? ""}
        options={[ANY, ["live", "Live"], ["test", "Test"]]}
      />
      <SelectField
        label="Charges"
        name="charges"
        defaultValue={filters.charges ?? ""}
        options={[ANY, ["enabled", "Enabled"], ["disabled", "Not enabled"]]}
      />
      <SelectField
        label="Requirements"
        name="requirements"
        defaultValue={filters.requirements ?? ""}
        options={[ANY, ["due", "Some due"], ["none", "None due"]]}
      />
      <SelectField
        label="Readiness"
        name="readiness"
        defaultValue={filters.readiness ?? ""}
        options={[
          ANY,
          ...READINESS_STATES.map(
            (state) => [state.toLowerCase(), READINESS[state].label] as [string, string],
          ),
        ]}
      />
      <SelectField
        label="Deadline"
        name="deadline"
        defaultValue={filters.deadline ?? ""}
        options={[ANY, ["7", "Within 7 days (or passed)"], ["30", "Within 30 days (or passed)"]]}
      />
      <SelectField
        label="Future requirements"
        name="upcoming"
        defaultValue={filters.upcoming ?? ""}
        options={[ANY, ["1", "Some upcoming"]]}
      />
      <SelectField
        label="Capabilities"
        name="capability"
        defaultValue={filters.capability ?? ""}
        options={[ANY, ["inactive", "Payments or transfers inactive"]]}
      />
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
