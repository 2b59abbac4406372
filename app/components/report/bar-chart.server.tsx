/**
 * The report's horizontal bar charts, drawn with recharts on the server into static SVG markup
 * (ADR 019). The page shows the markup as it is: the chart needs no JavaScript, prints, and
 * recharts never reaches the browser bundle. The markup is a pure function of the data, so it is
 * memoised by content: a repeated report costs a map lookup instead of a React render per chart.
 *
 * Each bar carries its value as text, so nothing depends on colour; the page wraps the SVG in
 * role="img" with a text summary, and the same numbers are in the table beside it.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { Bar, BarChart, LabelList, XAxis, YAxis } from "recharts";
import { MAX_BARS, type ReportSection } from "./sections";

export type BarDatum = { label: string; value: number };

const WIDTH = 640;
const ROW = 34;
/** Long labels are cut to fit the label column; the full names are in the table and the summary. */
const MAX_LABEL = 34;
const numberFormat = new Intl.NumberFormat("sv-SE");

function shorten(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;
}

/** A plain <text> tick: recharts' own tick measures text in the DOM to wrap it, which the server cannot. */
function Tick({ x, y, payload }: { x?: number; y?: number; payload?: { value?: string } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fill="#1f2933" fontSize={13}>
      {shorten(payload?.value ?? "")}
    </text>
  );
}

function render(rows: BarDatum[]): string {
  const height = rows.length * ROW + 16;
  const longest = Math.max(...rows.map((d) => Math.min(d.label.length, MAX_LABEL)), 4);
  const labelWidth = Math.min(260, longest * 7.5 + 12);
  return renderToStaticMarkup(
    <BarChart width={WIDTH} height={height} data={rows} layout="vertical" margin={{ top: 8, right: 56, bottom: 8, left: 8 }} accessibilityLayer={false}>
      <XAxis type="number" hide allowDecimals={false} />
      <YAxis type="category" dataKey="label" width={labelWidth} tick={Tick} tickLine={false} interval={0} />
      <Bar dataKey="value" fill="#1d4f7c" isAnimationActive={false} barSize={20}>
        <LabelList dataKey="value" position="right" fill="#1f2933" fontSize={13} formatter={(v: number) => numberFormat.format(v)} />
      </Bar>
    </BarChart>,
  );
}

/** Rendered charts by their data; the oldest entry goes when the cache is full. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 500;

/** The SVG markup (in recharts' wrapper div) of a bar chart of the first MAX_BARS rows. */
export function barChartMarkup(data: BarDatum[]): string {
  const rows = data.slice(0, MAX_BARS);
  const key = JSON.stringify(rows.map((r) => [r.label, r.value]));
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const markup = render(rows);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, markup);
  return markup;
}

/** The charts of the report's tables that have one (chartColumn), by table id. */
export function sectionCharts(sections: ReportSection[]): Record<string, string> {
  const charts: Record<string, string> = {};
  for (const table of sections.flatMap((s) => s.tables)) {
    const column = table.chartColumn;
    if (column === undefined || table.rows.length === 0) continue;
    charts[table.id] = barChartMarkup(table.rows.map((r) => ({ label: r.head, value: r.cells[column] ?? 0 })));
  }
  return charts;
}
