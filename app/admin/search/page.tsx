import { redirect } from "next/navigation";
import { accountSearchDestination } from "@/lib/admin/account-search";
import { requireAdmin } from "@/lib/auth/session";

/**
 * The header's account search (components/nav/account-search.tsx) lands here and is sent on at
 * once: to the one matching account, or to the accounts list with the search. Only reads.
 */
export default async function AdminSearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { q } = await searchParams;
  const typed = (Array.isArray(q) ? q[0] : q) ?? "";
  const admin = await requireAdmin(`/admin/search?${new URLSearchParams({ q: typed })}`);
  redirect(await accountSearchDestination(admin, typed));
}
