/**
 * CSV as RFC 4180 writes it (CRLF line ends, `"` doubled inside quotes), and safe to open in a
 * spreadsheet, whatever its list separator:
 * - every text field is quoted (numbers, booleans and dates are written bare), so no separator
 *   inside a text splits it into cells in a locale whose separator is `;`;
 * - a formula trigger (= + - @, tab, carriage return) at the start of a text field, or right after
 *   a `,` `;` or tab inside it (where a spreadsheet that splits on that character starts a new
 *   cell anyway), gets an apostrophe before it: `=HYPERLINK(…)` and `x;=1+2` stay text.
 */
export type CsvValue = string | number | boolean | Date | null;

const FORMULA_TRIGGER = /(?<=^|[,;\t])[=+\-@\t\r]/g;

export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string") return String(value);
  return `"${value.replace(FORMULA_TRIGGER, "'$&").replace(/"/g, '""')}"`;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
