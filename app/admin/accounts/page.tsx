import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { listUsers } from "@/lib/data/users";

export const metadata: Metadata = { title: "Accounts" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function AdminAccountsPage() {
  await requireAdmin("/admin/accounts");
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Accounts" description="Every user of the platform, newest first." />
      <div
        tabIndex={0}
        role="region"
        aria-label="Users"
        className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm"
      >
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="px-4 py-3">
                Name
              </th>
              <th scope="col" className="px-4 py-3">
                Email
              </th>
              <th scope="col" className="px-4 py-3">
                Role
              </th>
              <th scope="col" className="px-4 py-3">
                Joined
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-3 font-medium">{user.name ?? "—"}</td>
                <td className="px-4 py-3">{user.email}</td>
                <td className="px-4 py-3">
                  <Badge tone={user.role === "ADMIN" ? "info" : "neutral"}>
                    {user.role === "ADMIN" ? "Admin" : "Seller"}
                  </Badge>
                </td>
                <td className="px-4 py-3 text-slate-600">{dateFormat.format(user.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-600">No users yet.</p>
        ) : null}
      </div>
    </>
  );
}
