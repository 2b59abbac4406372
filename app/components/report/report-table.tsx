import { ReportBarChart } from "./bar-chart";
import { formatCell, formatCount, type ReportTable } from "./sections";

/** One of the report's tables (caption, th scope), with its bar chart beside it when it has one. */
export function ReportTableView({ table }: { table: ReportTable }) {
  const captionId = `${table.id}-caption`;
  const chartColumn = table.chartColumn;
  const chart =
    chartColumn !== undefined && table.rows.length > 0 ? (
      <ReportBarChart
        id={`${table.id}-chart`}
        data={table.rows.map((r) => ({ label: r.head, value: r.cells[chartColumn] ?? 0 }))}
        summary={`Stapeldiagram: ${table.caption}. ${table.rows
          .slice(0, 12)
          .map((r) => `${r.head} ${formatCount(r.cells[chartColumn] ?? 0)}`)
          .join(", ")}.${table.rows.length > 12 ? " Övriga i tabellen." : ""}`}
      />
    ) : null;
  return (
    <div className={chart ? "report-pair" : "report-single"}>
      {chart}
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
              {table.rows.map((row) => (
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
    </div>
  );
}
