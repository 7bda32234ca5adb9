"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A link of the main navigation that knows where the reader is (the root layout stays mounted
 * across navigations, so only the browser knows the current path): `aria-current="page"` on the
 * current page's link, `"true"` on its section's (Accounts while on one account). The active look
 * hangs on that attribute: bold text and a bar under it, not colour alone.
 */
export function NavLink({
  href,
  exact = false,
  children,
}: {
  href: string;
  /** Only this path itself, not the pages under it (the overview at /admin). */
  exact?: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const inSection = !exact && pathname.startsWith(`${href}/`);
  const current = pathname === href ? "page" : inSection ? "true" : undefined;
  return (
    <Link
      href={href}
      aria-current={current}
      className="block rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 aria-[current]:bg-slate-100 aria-[current]:font-semibold aria-[current]:text-slate-900 aria-[current]:underline aria-[current]:decoration-brand-600 aria-[current]:decoration-2 aria-[current]:underline-offset-[6px]"
    >
      {children}
    </Link>
  );
}
