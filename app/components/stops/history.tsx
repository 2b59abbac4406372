import { STOP_KIND_LABELS, STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { formatDateTime } from "~/utils/format";

const ACTION_LABELS: Record<string, string> = {
  "stop.create": "Skapade stoppet",
  "stop.update": "Ändrade stoppet",
  "stop.duplicate": "Skapade stoppet som kopia",
  "stop.held": "Markerade stoppet som genomfört",
  "stop.status": "Ändrade status",
};

const FIELD_LABELS: Record<string, string> = {
  tourId: "turné",
  title: "rubrik",
  kind: "typ",
  status: "status",
  areaId: "område",
  organizationId: "organisation",
  venueName: "lokal",
  venueAddress: "adress",
  lat: "latitud",
  lng: "longitud",
  startsAt: "start",
  endsAt: "slut",
  publicDescription: "publik beskrivning",
  internalNotes: "interna anteckningar",
  expectedVisitors: "förväntat antal besökare",
  actualVisitors: "antal besökare",
  summary: "sammanfattning",
};

const HIDDEN_VALUES = new Set(["tourId", "areaId", "organizationId", "internalNotes", "publicDescription", "summary"]);

function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  if (field === "status" && typeof value === "string") return STOP_STATUS_LABELS[value as keyof typeof STOP_STATUS_LABELS] ?? value;
  if (field === "kind" && typeof value === "string") return STOP_KIND_LABELS[value as keyof typeof STOP_KIND_LABELS] ?? value;
  if ((field === "startsAt" || field === "endsAt") && typeof value === "string") return formatDateTime(value);
  return String(value);
}

export type HistoryItem = { id: string; at: string | Date; action: string; actorName: string | null; details: Record<string, unknown> | null };

/** The audit trail of a stop, in words. */
export function StopHistory({ entries }: { entries: HistoryItem[] }) {
  if (!entries.length) return <p className="muted">Ingen historik ännu.</p>;
  return (
    <ol className="history">
      {entries.map((e) => {
        const changes = (e.details?.changes ?? {}) as Record<string, [unknown, unknown]>;
        const isCreate = e.action === "stop.create";
        const fields = Object.entries(changes);
        return (
          <li key={e.id}>
            <p>
              <strong>{ACTION_LABELS[e.action] ?? e.action}</strong> · {formatDateTime(e.at)} · {e.actorName ?? "okänd användare"}
            </p>
            {!isCreate && fields.length > 0 ? (
              <ul>
                {fields.map(([field, [before, after]]) => (
                  <li key={field}>
                    {HIDDEN_VALUES.has(field)
                      ? `Ändrade ${FIELD_LABELS[field] ?? field}`
                      : `${(FIELD_LABELS[field] ?? field).replace(/^./, (c) => c.toUpperCase())}: ${show(field, before)} → ${show(field, after)}`}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
