import Link from "next/link";
import { AccountSearch } from "@/components/nav/account-search";
import { NavLink } from "@/components/nav/nav-link";
import { SignOutButton } from "@/components/nav/sign-out-button";
import { buttonStyles } from "@/components/ui/styles";
import type { PublicUser } from "@/lib/data/users";

interface NavItem {
  href: string;
  label: string;
  exact?: boolean;
}

/**
 * The pages each role works in. Sellers: their dashboard and Settings. Admins: the admin pages,
 * then Settings (their profile and sessions; Settings shows them no Stripe connection, since an
 * admin has none), and no seller dashboard, which would only be empty for them.
 */
const NAV: Record<PublicUser["role"], NavItem[]> = {
  SELLER: [
    { href: "/dashboard", label: "Dashboard" },
    { href: "/settings", label: "Settings" },
  ],
  ADMIN: [
    { href: "/admin", label: "Overview", exact: true },
    { href: "/admin/accounts", label: "Accounts" },
    { href: "/admin/audit", label: "Audit log" },
    { href: "/admin/team", label: "Team" },
    { href: "/admin/system", label: "System" },
    { href: "/settings", label: "Settings" },
  ],
};

/** The shared header: the links shown are the ones the signed-in role works in. */
export function SiteHeader({ user }: { user: PublicUser | null }) {
  // An admin's header holds more (five links, the search): it takes two rows up to wide screens.
  const admin = user?.role === "ADMIN";
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
          Seller&nbsp;Connect
        </Link>
        {user ? (
          <nav
            aria-label="Main"
            className={`order-last w-full ${admin ? "lg:order-none lg:w-auto" : "sm:order-none sm:w-auto"}`}
          >
            <ul className="flex flex-wrap gap-1">
              {NAV[user.role].map((link) => (
                <li key={link.href}>
                  <NavLink href={link.href} exact={link.exact}>
                    {link.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {admin ? <AccountSearch /> : null}
        <div className={`ml-auto flex items-center gap-2${admin ? " lg:ml-0" : ""}`}>
          {user ? (
            <>
              <span
                className={`hidden text-sm text-slate-600 ${admin ? "xl:inline" : "md:inline"}`}
                data-testid="signed-in-as"
              >
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
