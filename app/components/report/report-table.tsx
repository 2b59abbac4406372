import { formatCell, formatCount, MAX_BARS, type ReportTable } from "./sections";

/**
 * One of the report's tables (caption, th scope), with its bar chart beside it when it has one.
 * `chart` is the chart's SVG markup, rendered on the server (bar-chart.server.tsx, ADR 019).
 */
export function ReportTableView({ table, chart }: { table: ReportTable; chart?: string }) {
  const captionId = `${table.id}-caption`;
  const chartColumn = table.chartColumn;
  const summary =
    chart && chartColumn !== undefined
      ? `Stapeldiagram: ${table.caption}. ${table.rows
          .slice(0, MAX_BARS)
          .map((r) => `${r.head} ${formatCount(r.cells[chartColumn] ?? 0)}`)
          .join(", ")}.${table.rows.length > MAX_BARS ? " Övriga i tabellen." : ""}`
      : null;
  const shown = table.pageRows !== undefined && table.rows.length > table.pageRows ? table.rows.slice(0, table.pageRows) : table.rows;
  return (
    <div className={summary ? "report-pair" : "report-single"}>
      {summary ? (
        // The markup is recharts' SVG made from our own numbers and labels (React escapes them).
        <div className="report-chart" role="img" aria-label={summary} id={`${table.id}-chart`} dangerouslySetInnerHTML={{ __html: chart! }} />
      ) : null}
      {table.rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
          <table className="table report-table">
            <caption id={captionId}>{table.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{table.rowHeading}</th>
                {table.columns.map((c) => (
                  <th key={c.label} scope="col" className="num">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.head}>
                  <th scope="row">{row.head}</th>
                  {row.cells.map((v, i) => (
                    <td key={i} className="num">
                      {formatCell(v, table.columns[i]?.format)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>
          <strong>{table.caption}:</strong> {table.empty}
        </p>
      )}
      {shown.length < table.rows.length ? (
        <p className="report-table__more">
          Tabellen visar de {formatCount(shown.length)} största av {formatCount(table.rows.length)}. Alla finns i CSV- och Excelfilen, och på kartan.
        </p>
      ) : null}
    </div>
  );
}
