import { describeHistoryEntry } from "~/domain/areas/history";
import { formatDateTime } from "~/utils/format";

type Entry = { id: string; at: Date | string; action: string; actorName: string | null; details: Record<string, unknown> | null };

/**
 * An entity's history from the audit log, newest first. Shared by the area and organization
 * pages (colocated here, not a route).
 */
export function HistoryList({
  entries,
  labels,
  headingId,
}: {
  entries: Entry[];
  labels?: (field: string, value: unknown) => string | undefined;
  headingId: string;
}) {
  if (!entries.length) return <p className="muted">Ingen historik ännu.</p>;
  return (
    <ol className="ao-history" aria-labelledby={headingId}>
      {entries.map((entry) => {
        const { title, lines } = describeHistoryEntry(entry, labels);
        return (
          <li key={entry.id}>
            <p className="ao-history__head">
              <strong>{title}</strong>{" "}
              <span className="muted">
                {formatDateTime(entry.at)}
                {entry.actorName ? ` av ${entry.actorName}` : ""}
              </span>
            </p>
            {lines.length ? (
              <ul className="ao-history__lines">
                {lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
