import type { ReactNode } from "react";

/**
 * Where a column goes on a phone, where each row is stacked (app/globals.css, `.data-table`):
 * the primary text first, with the row's amount and status to its right, then the other columns
 * under them, each under its header's words; an actions column (an empty header) last.
 */
export interface StackedColumns<H extends string> {
  /** The row's name (default: the first column). */
  primary?: H;
  amount?: H;
  status?: H;
}

/**
 * A column header: its words, or those words with a label to show instead (a sort link) and the
 * column's `aria-sort` when the rows are sorted by it.
 */
export type TableHeader<H extends string = string> =
  H | { name: H; label: ReactNode; sort?: "ascending" | "descending" };

const nameOf = <H extends string>(header: TableHeader<H>): H =>
  typeof header === "string" ? header : header.name;

type Kind = "primary" | "amount" | "status" | "action" | "detail";

function kindOf<H extends string>(header: H, index: number, stacked: StackedColumns<H>): Kind {
  if (header === stacked.amount) return "amount";
  if (header === stacked.status) return "status";
  if (stacked.primary === undefined ? index === 0 : header === stacked.primary) return "primary";
  return header === "" ? "action" : "detail";
}

/**
 * A data table with a caption for screen readers; `empty` when there are no rows. Below Tailwind's
 * `sm` its rows are stacked blocks (see StackedColumns) rather than a table that scrolls sideways.
 * It stays a table for screen readers: the explicit roles keep table semantics where a browser
 * drops them for cells that are not displayed as table cells (WebKit), and the labels shown over
 * stacked cells are CSS text that screen readers skip (they announce the real column headers).
 * An empty header is an actions column, named "Actions" for screen readers only.
 */
export function Table<const H extends string>({
  caption,
  headers,
  rows,
  empty,
  stacked = {},
}: {
  caption: string;
  headers: readonly TableHeader<H>[];
  /** A row's `className` styles it (e.g. `relative`, the box a stretched link covers). */
  rows: { key: string; cells: ReactNode[]; className?: string }[];
  empty: string;
  stacked?: StackedColumns<NoInfer<H>>;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  const names = headers.map(nameOf);
  const kinds = names.map((h, i) => kindOf(h, i, stacked));
  const cellClass = (kind: Kind) => (kind === "detail" ? undefined : kind);
  return (
    // A named region (a landmark to jump to), focusable so that a keyboard can scroll it where a
    // wide table does not fit between the phone layout and a wide screen (e2e/layout*.spec.ts
    // check that nothing needs scrolling at 390 and 1280 px).
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table" role="table">
        <caption className="sr-only">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {headers.map((h, i) => (
              <th
                key={nameOf(h)}
                scope="col"
                role="columnheader"
                className={cellClass(kinds[i] ?? "detail")}
                aria-sort={typeof h === "string" ? undefined : h.sort}
              >
                {typeof h !== "string" ? (
                  h.label
                ) : h === "" ? (
                  <span className="sr-only">Actions</span>
                ) : (
                  h
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr key={row.key} role="row" className={row.className}>
              {row.cells.map((cell, i) => {
                const kind = kinds[i] ?? "detail";
                return (
                  <td
                    key={i}
                    role="cell"
                    className={cellClass(kind)}
                    data-label={kind === "detail" ? names[i] : undefined}
                  >
                    {cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
