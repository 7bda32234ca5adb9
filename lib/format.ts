/** How dates and counts read across the app: UTC, day month year, so every viewer sees the same. */
const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const count = new Intl.NumberFormat("en-US");

export function formatDate(value: Date): string {
  return date.format(value);
}

export function formatDateTime(value: Date): string {
  return `${dateTime.format(value)} UTC`;
}

export function formatCount(value: number): string {
  return count.format(value);
}
