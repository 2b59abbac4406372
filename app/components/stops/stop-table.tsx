import { useKindNames } from "~/components/kind-names";
import { Link } from "@remix-run/react";
import type { StopKind, StopStatus } from "#db/enums";
import { StatusBadge } from "./status-badge";

export type StopTableRow = { id: string; title: string; period: string; kind: StopKind; status: StopStatus; areaName: string | null };

/** A page of stops as an accessible table: the tour page and the map's "same content as a table". */
export function StopTable({ id, caption, rows }: { id: string; caption: string; rows: StopTableRow[] }) {
  const kinds = useKindNames();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
      <table className="table">
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Stopp</th>
            <th scope="col">Tid</th>
            <th scope="col">Typ</th>
            <th scope="col">Område</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/stopp/${s.id}`}>{s.title}</Link>
              </th>
              <td>{s.period}</td>
              <td>{kinds.stop[s.kind]}</td>
              <td>{s.areaName ?? "–"}</td>
              <td>
                <StatusBadge status={s.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
