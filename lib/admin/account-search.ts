import "server-only";
import { parseConnectionQuery, toSearchParams } from "@/lib/admin/connection-query";
import { assertAdmin } from "@/lib/auth/roles";
import { listConnections } from "@/lib/data/connection-list";
import type { PublicUser } from "@/lib/data/users";

/**
 * Where the header's account search leads (an email, a name, an acct_ id): the account page of
 * the one connection it finds, else the accounts list with that search, which shows the several
 * matches, its "no match" state, or why the search cannot run. The search is the list's own
 * (parseConnectionQuery, listConnections): the header finds exactly what the list would.
 */
export async function accountSearchDestination(
  admin: Pick<PublicUser, "role">,
  q: string,
): Promise<string> {
  assertAdmin(admin);
  const { filters, searchError } = parseConnectionQuery({ q });
  const query = toSearchParams(filters);
  const list = query ? `/admin/accounts?${query}` : "/admin/accounts";
  if (searchError || !filters.q) return list;
  // Two rows at most: enough to know whether there is one.
  const { rows, hasMore } = await listConnections(filters, {}, 1);
  const [only] = rows;
  return only && !hasMore ? `/admin/accounts/${encodeURIComponent(only.id)}` : list;
}
