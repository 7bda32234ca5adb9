/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields with commas, quotes or line breaks quoted),
 * and safe to open in a spreadsheet: a text field that starts like a formula (= + - @, tab,
 * carriage return) gets a leading apostrophe, so `=HYPERLINK(…)` in a business name stays text.
 */
export type CsvValue = string | number | boolean | Date | null;

export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
