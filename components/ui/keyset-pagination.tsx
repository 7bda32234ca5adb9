import Link from "next/link";
import { buttonStyles } from "@/components/ui/styles";
import type { Cursor } from "@/lib/admin/connection-query";

type Step = { after: Cursor } | { before: Cursor };

/**
 * Previous / Next links of a keyset-paginated list (the accounts list, the audit log): `href`
 * makes a step's URL, with the view's filters and the cursor.
 */
export function KeysetPagination({
  href,
  previous,
  next,
  labels = { previous: "← Previous", next: "Next →" },
}: {
  href: (step: Step) => string;
  previous?: Cursor;
  next?: Cursor;
  labels?: { previous: string; next: string };
}) {
  if (!previous && !next) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex justify-between gap-3">
      {previous ? (
        <Link href={href({ before: previous })} className={buttonStyles.secondary} rel="prev">
          {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={href({ after: next })} className={buttonStyles.secondary} rel="next">
          {labels.next}
        </Link>
      ) : null}
    </nav>
  );
}
