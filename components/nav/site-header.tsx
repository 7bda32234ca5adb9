import Link from "next/link";
import { SignOutButton } from "@/components/nav/sign-out-button";
import { buttonStyles } from "@/components/ui/styles";
import type { PublicUser } from "@/lib/data/users";

function navLinks(user: PublicUser | null): { href: string; label: string }[] {
  if (!user) return [];
  const links = [
    { href: "/dashboard", label: "Dashboard" },
    { href: "/settings", label: "Settings" },
  ];
  if (user.role === "ADMIN") {
    links.push(
      { href: "/admin", label: "Admin" },
      { href: "/admin/accounts", label: "Accounts" },
      { href: "/admin/team", label: "Team" },
      { href: "/admin/system", label: "System" },
    );
  }
  return links;
}

/** The shared header: the links shown are the ones the signed-in role may open. */
export function SiteHeader({ user }: { user: PublicUser | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
          Seller&nbsp;Connect
        </Link>
        <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto">
          <ul className="flex flex-wrap gap-1">
            {navLinks(user).map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          {user ? (
            <>
              <span className="hidden text-sm text-slate-600 md:inline" data-testid="signed-in-as">
                {user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className={buttonStyles.ghost}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonStyles.primary}>
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
