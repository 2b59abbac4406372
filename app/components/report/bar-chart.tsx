/**
 * A horizontal bar chart with recharts (React SVG), rendered on the server with a fixed size so it
 * shows without JavaScript and in print; the SVG's viewBox lets CSS scale it down to 375 px.
 * Accessible as one image: role="img" with a text summary; the same numbers are in the table
 * next to it, and each bar carries its value as text, so nothing depends on colour.
 */
import { Bar, BarChart, LabelList, XAxis, YAxis } from "recharts";

export type BarDatum = { label: string; value: number };

const WIDTH = 640;
const ROW = 34;

/**
 * A plain <text> tick: recharts' own tick measures text in the DOM to wrap it, which the server
 * cannot, so the client's wrapped labels would not match the server's HTML when hydrating.
 */
function Tick({ x, y, payload }: { x?: number; y?: number; payload?: { value?: string } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fill="#1f2933" fontSize={13}>
      {shorten(payload?.value ?? "")}
    </text>
  );
}

/** Long labels are cut to fit the label column; the full names are in the table and the summary. */
const MAX_LABEL = 34;
function shorten(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;
}

export function ReportBarChart({ id, data, summary }: { id: string; data: BarDatum[]; summary: string }) {
  const rows = data.slice(0, 12);
  const height = rows.length * ROW + 16;
  const longest = Math.max(...rows.map((d) => Math.min(d.label.length, MAX_LABEL)), 4);
  const labelWidth = Math.min(260, longest * 7.5 + 12);
  return (
    <div className="report-chart" role="img" aria-label={summary} id={id}>
      <BarChart
        width={WIDTH}
        height={height}
        data={rows}
        layout="vertical"
        margin={{ top: 8, right: 56, bottom: 8, left: 8 }}
        accessibilityLayer={false}
      >
        <XAxis type="number" hide allowDecimals={false} />
        <YAxis type="category" dataKey="label" width={labelWidth} tick={Tick} tickLine={false} interval={0} />
        <Bar dataKey="value" fill="#1d4f7c" isAnimationActive={false} barSize={20}>
          <LabelList dataKey="value" position="right" fill="#1f2933" fontSize={13} formatter={(v: number) => new Intl.NumberFormat("sv-SE").format(v)} />
        </Bar>
      </BarChart>
    </div>
  );
}
