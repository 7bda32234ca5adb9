import { inputStyles } from "@/components/ui/styles";
import { SEARCH_MAX_LENGTH } from "@/lib/admin/connection-query";

/**
 * The admins' search in the header, on every page: an email, a name or an acct_ id. A plain GET
 * form (no script) to /admin/search, which opens the one matching account or the accounts list
 * filtered by the search (app/admin/search/page.tsx).
 */
export function AccountSearch() {
  return (
    <form
      method="get"
      action="/admin/search"
      role="search"
      aria-label="Find an account"
      className="order-last w-full lg:order-none lg:ml-auto lg:w-64"
    >
      {/* No "Email" or "Name" in its name: the pages' own fields are labelled so. */}
      <label htmlFor="account-search" className="sr-only">
        Find an account
      </label>
      <input
        id="account-search"
        name="q"
        type="search"
        required
        maxLength={SEARCH_MAX_LENGTH}
        placeholder="Email, name or acct_…"
        autoComplete="off"
        enterKeyHint="search"
        className={inputStyles}
      />
    </form>
  );
}
