/**
 * How dates and counts read across the app: UTC, day month year, so every viewer sees the same.
 * Tables and lists use the short forms ("12 Jan", "12 Jan 2025" for another year than `now`'s,
 * "12 Jan, 14:05" with a time); the long ones say the full date where there is room (and in a
 * short date's tooltip).
 */
const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const dayMonth = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const time = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});
const count = new Intl.NumberFormat("en-US");

export function formatDate(value: Date): string {
  return date.format(value);
}

export function formatDateTime(value: Date): string {
  return `${dateTime.format(value)} UTC`;
}

/** "12 Jan" in `now`'s year (UTC), "12 Jan 2025" in any other. */
export function formatShortDate(value: Date, now: Date = new Date()): string {
  return value.getUTCFullYear() === now.getUTCFullYear()
    ? dayMonth.format(value)
    : formatDate(value);
}

/** "12 Jan, 14:05" (UTC), with the year when it is not `now`'s: "12 Jan 2025, 14:05". */
export function formatShortDateTime(value: Date, now: Date = new Date()): string {
  return `${formatShortDate(value, now)}, ${time.format(value)}`;
}

export function formatCount(value: number): string {
  return count.format(value);
}
