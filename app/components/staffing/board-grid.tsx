import { Link } from "@remix-run/react";
import type { StopStatus } from "#db/enums";
import { StatusBadge } from "~/components/stops/status-badge";

export type BoardGridCell = { needed: number; filled: number; people: readonly { name: string; requested: boolean }[] };
export type BoardGridRow = {
  id: string;
  title: string;
  status: StopStatus;
  period: string;
  place: string | null;
  cells: BoardGridCell[];
  missing: number;
  conflicts: string[];
};

/**
 * One cell: "1/2" with the gap in words, so the state never rests on colour alone. The role is
 * repeated in the cell's hidden text, for screen readers that do not announce column headers.
 * Text is built as one string where possible: fewer nodes to render on a page of many cells.
 * A role the stop does not need is most cells of a big board: one element whose words ("behövs
 * inte") screen readers read under the column's header, while the eye sees a dash (.dash-cell).
 */
function cellOf(cell: BoardGridCell, label: string, key: string) {
  if (!cell.needed && !cell.filled) {
    return (
      <td key={key} className="board-cell board-cell--none dash-cell">
        behövs inte
      </td>
    );
  }
  const gap = cell.needed - cell.filled;
  const state = gap > 0 ? "gap" : gap < 0 ? "over" : "full";
  return (
    <td key={key} className={`board-cell board-cell--${state}`}>
      <span className="board-cell__count" aria-hidden="true">
        {`${cell.filled}/${cell.needed}`}
      </span>
      <span className="visually-hidden">{`${label}: ${cell.filled} av ${cell.needed} bokade, `}</span>
      <span className="board-cell__state">
        {state === "gap" ? (
          `saknas ${gap}`
        ) : state === "over" ? (
          `överbemannat med ${-gap}`
        ) : (
          <>
            <span aria-hidden="true">✓ </span>fullt
          </>
        )}
      </span>
      {cell.people.length ? (
        <ul className="board-cell__people">
          {cell.people.map((p) => (
            <li key={p.name}>{p.requested ? `${p.name} (anmäld)` : p.name}</li>
          ))}
        </ul>
      ) : null}
    </td>
  );
}

/** A conflict badge that opens to the list: keyboard and screen reader reach it without script. */
function Conflicts({ conflicts }: { conflicts: string[] }) {
  if (!conflicts.length) {
    return <td className="board-grid__conflicts dash-cell">Inga konflikter</td>;
  }
  return (
    <td className="board-grid__conflicts">
      <details className="board-conflict">
        <summary title={conflicts.join("\n")}>
          <span aria-hidden="true">⚠ </span>
          {conflicts.length === 1 ? "konflikt" : `${conflicts.length} konflikter`}
        </summary>
        <ul>
          {conflicts.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </details>
    </td>
  );
}

export function BoardGrid({ columns, rows, caption }: { columns: { role: string; label: string }[]; rows: BoardGridRow[]; caption: string }) {
  return (
    <div className="table-wrap board-grid" tabIndex={0} role="region" aria-label={`${caption}. Tabellen kan rullas i sidled.`}>
      <table className="table board-grid__table">
        <caption id="board-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Stopp</th>
            <th scope="col">Tid</th>
            <th scope="col">Plats</th>
            {columns.map((c) => (
              <th scope="col" key={c.role} className="board-grid__role">
                {c.label.charAt(0).toUpperCase() + c.label.slice(1)}
              </th>
            ))}
            <th scope="col">Konflikter</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.missing ? "board-grid__row--gap" : undefined}>
              <th scope="row" className="board-grid__stop">
                <Link to={`/stopp/${r.id}`}>{r.title}</Link>
                <br />
                <StatusBadge status={r.status} />
              </th>
              <td className="board-grid__time">{r.period}</td>
              <td>{r.place ?? "–"}</td>
              {/* Called, not mounted: a page holds hundreds of cells and none keeps state. */}
              {r.cells.map((cell, i) => cellOf(cell, columns[i]!.label, columns[i]!.role))}
              <Conflicts conflicts={r.conflicts} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
