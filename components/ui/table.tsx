import type { ReactNode } from "react";

/**
 * A column header: its text, or a label (a sort link) with the column's `aria-sort` when the rows
 * are sorted by it.
 */
export type TableHeader =
  string | { key: string; label: ReactNode; sort?: "ascending" | "descending" };

/**
 * A data table that scrolls sideways on narrow screens (the scrolling region is focusable, so a
 * keyboard can scroll it), with a caption for screen readers; `empty` when there are no rows. A
 * row's `className` styles it (e.g. `relative`, the box a stretched link covers).
 */
export function Table({
  caption,
  headers,
  rows,
  empty,
}: {
  caption: string;
  headers: TableHeader[];
  rows: { key: string; cells: ReactNode[]; className?: string }[];
  empty: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            {headers.map((h) =>
              typeof h === "string" ? (
                <th key={h} scope="col" className="py-2 pr-3">
                  {h}
                </th>
              ) : (
                <th key={h.key} scope="col" className="py-2 pr-3" aria-sort={h.sort}>
                  {h.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key} className={row.className}>
              {row.cells.map((cell, i) => (
                <td key={i} className="py-2 pr-3 align-top">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
