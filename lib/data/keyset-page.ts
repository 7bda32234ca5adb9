import type { Cursor, Position } from "@/lib/admin/connection-query";

export interface KeysetPage<Row> {
  rows: Row[];
  /** Where the next and previous pages start, when there are any. */
  next?: Cursor;
  previous?: Cursor;
}

/**
 * The one rule of a keyset-paginated list's pages (the accounts list, the audit log): `list`
 * gives a page's rows from `position` on, in display order, and whether more lie beyond them in
 * the direction of travel. Going back to the start (fewer rows before the cursor than a page)
 * shows the first page itself, so it is always full.
 */
export async function keysetPage<Row>(
  list: (position: Position) => Promise<{ rows: Row[]; hasMore: boolean }>,
  position: Position,
  cursorOf: (row: Row) => Cursor,
): Promise<KeysetPage<Row>> {
  const { rows, hasMore } = await list(position);
  const firstRow = rows[0];
  const lastRow = rows.at(-1);
  if ("before" in position) {
    if (!hasMore || !firstRow || !lastRow) return keysetPage(list, {}, cursorOf);
    return { rows, previous: cursorOf(firstRow), next: cursorOf(lastRow) };
  }
  return {
    rows,
    next: hasMore && lastRow ? cursorOf(lastRow) : undefined,
    previous: "after" in position ? (firstRow ? cursorOf(firstRow) : position.after) : undefined,
  };
}
