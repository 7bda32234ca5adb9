import { Table } from "@/components/ui/table";
import type { WeekActivity } from "@/lib/data/connection-stats";
import { formatCount } from "@/lib/format";

/**
 * Two drawings of the same bars, each shown at the widths it is drawn for (an SVG's text scales
 * with it): `wide` from Tailwind's `sm` up, `narrow` on phones, with fewer labels and ticks, so
 * that every label is drawn at 11 px or more (at 390 px the card is about 320 px wide).
 */
const LAYOUTS = {
  wide: {
    width: 640,
    height: 260,
    pad: { top: 12, right: 8, bottom: 36, left: 52 },
    font: 14,
    yTicks: [0, 0.5, 1],
    weekLabelEvery: 2,
    className: "hidden h-auto w-full max-w-3xl sm:block",
  },
  narrow: {
    width: 320,
    height: 200,
    pad: { top: 10, right: 6, bottom: 30, left: 40 },
    font: 12,
    yTicks: [0, 1],
    weekLabelEvery: 4,
    className: "h-auto w-full sm:hidden",
  },
} as const;

type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];

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

/** The bars drawn for one layout; its title and description name it for screen readers. */
function Bars({
  weeks,
  top,
  layout,
  summary,
}: {
  weeks: WeekActivity[];
  top: number;
  layout: Layout;
  summary: string;
}) {
  const { width: W, height: H, pad, font } = layout;
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const slot = plotW / weeks.length;
  const bar = slot * 0.36;
  const y = (value: number) => pad.top + plotH - (value / top) * plotH;
  // The last week's label is kept (the newest week is the one read first).
  const labelled = (i: number) => (weeks.length - 1 - i) % layout.weekLabelEvery === 0;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" className={layout.className}>
      <title>New connections and revocations per week</title>
      <desc>{summary}</desc>
      {layout.yTicks.map((share) => {
        const tick = top * share;
        return (
          <g key={share}>
            <line
              x1={pad.left}
              x2={W - pad.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200"
            />
            <text
              x={pad.left - 6}
              y={y(tick) + font / 3}
              textAnchor="end"
              fontSize={font}
              className="fill-slate-600"
            >
              {formatCount(tick)}
            </text>
          </g>
        );
      })}
      {weeks.map((w, i) => {
        const x = pad.left + i * slot + (slot - 2 * bar) / 2;
        return (
          <g key={w.week.toISOString()}>
            {SERIES.map((series, j) => (
              <rect
                key={series.name}
                x={x + j * bar}
                y={y(w[series.name])}
                width={bar - 1}
                height={pad.top + plotH - y(w[series.name])}
                className={series.className}
              />
            ))}
            {labelled(i) ? (
              // The newest week's label ends at the plot's edge, so as not to spill past it.
              <text
                x={i === weeks.length - 1 ? W - pad.right : x + bar}
                y={H - pad.bottom / 3}
                textAnchor={i === weeks.length - 1 ? "end" : "middle"}
                fontSize={font}
                className="fill-slate-600"
              >
                {week.format(w.week)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * New connections and revocations per week as grouped bars: an SVG drawn on the server (no chart
 * library, no script), with the same figures in a table for screen readers and for reading.
 */
export function ActivityChart({ weeks }: { weeks: WeekActivity[] }) {
  const top = niceCeiling(Math.max(...weeks.flatMap((w) => [w.connections, w.revocations])));
  const total = (name: "connections" | "revocations") => weeks.reduce((n, w) => n + w[name], 0);
  const summary = `Over the last ${weeks.length} weeks: ${formatCount(total("connections"))} new connections and ${formatCount(total("revocations"))} revocations.`;
  return (
    <figure>
      <Bars weeks={weeks} top={top} layout={LAYOUTS.wide} summary={summary} />
      <Bars weeks={weeks} top={top} layout={LAYOUTS.narrow} summary={summary} />
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
