import { formatDateTime, formatShortDate, formatShortDateTime } from "@/lib/format";

/**
 * A date in a table or a list: short ("12 Jan", "12 Jan 2025" for another year, with `time`
 * "12 Jan, 14:05"), never wrapped, the full date and time (UTC) in its tooltip.
 */
export function ShortDate({
  value,
  time = false,
  now,
}: {
  value: Date;
  time?: boolean;
  now?: Date;
}) {
  return (
    <time
      dateTime={value.toISOString()}
      title={formatDateTime(value)}
      className="whitespace-nowrap tabular-nums"
    >
      {time ? formatShortDateTime(value, now) : formatShortDate(value, now)}
    </time>
  );
}
