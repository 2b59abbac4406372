/**
 * The report's sections (summaries, charts and tables) as one static HTML string, rendered once
 * per version of the figures (ADR 019). The report is a document without interactive parts, and
 * at ten years of data its tables run to hundreds of rows: rendering them with React, and
 * serialising them as loader data, on every request cost more than everything else on the page.
 * yearlyReport returns the same object until the database changes, so a WeakMap keyed by that
 * object renders each version once and forgets it with the figures.
 */
import { renderToStaticMarkup } from "react-dom/server";
import type { ReportFigures } from "~/domain/report/report.server";
import { sectionCharts } from "./bar-chart.server";
import { ReportTableView } from "./report-table";
import { reportSections } from "./sections";

const rendered = new WeakMap<ReportFigures, string>();

export function reportBodyHtml(report: ReportFigures): string {
  const hit = rendered.get(report);
  if (hit !== undefined) return hit;
  const sections = reportSections(report);
  const charts = sectionCharts(sections);
  const html = renderToStaticMarkup(
    <>
      {sections.map((section) => (
        <section key={section.id} className="report-section" aria-labelledby={`report-${section.id}-heading`}>
          <h2 id={`report-${section.id}-heading`}>{section.title}</h2>
          <p className="report-summary">{section.summary}</p>
          {section.tables.map((table) => (
            <ReportTableView key={table.id} table={table} chart={charts[table.id]} />
          ))}
        </section>
      ))}
    </>,
  );
  rendered.set(report, html);
  return html;
}
