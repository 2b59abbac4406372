import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportFileName } from "~/components/report/query.server";
import { periodErrorMessage, readReportQuery } from "~/domain/report/period-query.server";
import { minutesAsHours, reportSections } from "~/components/report/sections";
import { getDb } from "~/db.server";
import { toCsv, type CsvCell } from "~/domain/report/csv";
import { yearlyReport } from "~/domain/report/report.server";
import { requirePlannerUser } from "~/session.server";

/** GET /rapport/export.csv?<the report page's parameters>: the report's tables as one CSV (UTF-8 with BOM, semicolons). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  const db = getDb();
  const { period, errors } = readReportQuery(db, new URL(request.url).searchParams);
  if (!period) {
    return new Response(`Ogiltig period: ${periodErrorMessage(errors)}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const report = yearlyReport(db, period);
  const h = report.comparison.current;
  const b = report.comparison.before;
  const rows: CsvCell[][] = [
    ["Rullar ut – rapport", report.period.label],
    ["Period", `${period.startsOn} – ${period.endsOn}`],
    ["Jämförelseperiod", report.comparison.previous.label],
    [],
    ["Nyckeltal"],
    ["Nyckeltal", report.period.label, report.comparison.previous.label],
    ["Genomförda stopp", h.stopsHeld, b.stopsHeld],
    ["Besökare", h.visitors, b.visitors],
    ["Områden som nåtts", h.areasReached, b.areasReached],
    ["Andel av befolkningen i nådda områden (%)", pct(report.areas.populationShare), null],
    ["Frågor", h.questions, b.questions],
    ["Besvarade på plats", h.answeredOnSpot, b.answeredOnSpot],
    ["Andel besvarade på plats (%)", pct(h.shareOnSpot), pct(b.shareOnSpot)],
  ];
  for (const section of reportSections(report)) {
    for (const table of section.tables) {
      rows.push([], [table.caption]);
      rows.push([table.rowHeading, ...table.columns.map((c) => (c.format === "minutes" ? `${c.label} (timmar)` : c.label))]);
      for (const row of table.rows) {
        rows.push([row.head, ...row.cells.map((v, i) => (table.columns[i]?.format === "minutes" ? minutesAsHours(v) : v))]);
      }
    }
  }
  return new Response(toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportFileName(period)}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** A percentage with a decimal comma, as Swedish Excel reads it: 0.455 → "45,5". */
function pct(share: number | null): string | null {
  return share === null ? null : new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1, useGrouping: false }).format(share * 100);
}
