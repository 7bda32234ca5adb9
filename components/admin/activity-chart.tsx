import { Table } from "@/components/ui/table";
import type { WeekActivity } from "@/lib/data/connection-stats";
import { formatCount } from "@/lib/format";

const W = 640;
const H = 260;
const PAD = { top: 12, right: 8, bottom: 36, left: 52 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
const SERIES = [
  { name: "connections", label: "New connections", className: "fill-brand-600" },
  { name: "revocations", label: "Revocations", className: "fill-red-600" },
] as const;

const week = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`: a round top for the axis. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value) ?? 10 * power;
}

/**
 * New connections and revocations per week as grouped bars: an SVG drawn on the server (no chart
 * library, no script), with the same figures in a table for screen readers and for reading.
 */
export function ActivityChart({ weeks }: { weeks: WeekActivity[] }) {
  const top = niceCeiling(Math.max(...weeks.flatMap((w) => [w.connections, w.revocations])));
  const slot = PLOT_W / weeks.length;
  const bar = slot * 0.36;
  const y = (value: number) => PAD.top + PLOT_H - (value / top) * PLOT_H;
  const total = (name: "connections" | "revocations") => weeks.reduce((n, w) => n + w[name], 0);
  const summary = `Over the last ${weeks.length} weeks: ${formatCount(total("connections"))} new connections and ${formatCount(total("revocations"))} revocations.`;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="activity-title activity-desc"
        className="h-auto w-full max-w-3xl"
      >
        <title id="activity-title">New connections and revocations per week</title>
        <desc id="activity-desc">{summary}</desc>
        {[0, top / 2, top].map((tick) => (
          <g key={tick}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200"
            />
            <text
              x={PAD.left - 8}
              y={y(tick) + 5}
              textAnchor="end"
              className="fill-slate-600 text-[14px]"
            >
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const x = PAD.left + i * slot + (slot - 2 * bar) / 2;
          return (
            <g key={w.week.toISOString()}>
              {SERIES.map((series, j) => (
                <rect
                  key={series.name}
                  x={x + j * bar}
                  y={y(w[series.name])}
                  width={bar - 1}
                  height={PAD.top + PLOT_H - y(w[series.name])}
                  className={series.className}
                />
              ))}
              {i % 2 === 0 ? (
                <text
                  x={x + bar}
                  y={H - 12}
                  textAnchor="middle"
                  className="fill-slate-600 text-[14px]"
                >
                  {week.format(w.week)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm text-slate-700">
        {SERIES.map((series) => (
          <span key={series.name} className="inline-flex items-center gap-2">
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" className={series.className} />
            </svg>
            {series.label}
          </span>
        ))}
        <span>{summary}</span>
      </figcaption>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">Show the figures</summary>
        <div className="mt-2">
          <Table
            caption="New connections and revocations per week"
            headers={["Week of", "New connections", "Revocations"]}
            empty=""
            rows={weeks.map((w) => ({
              key: w.week.toISOString(),
              cells: [week.format(w.week), formatCount(w.connections), formatCount(w.revocations)],
            }))}
          />
        </div>
      </details>
    </figure>
  );
}
