import { useKindNames } from "~/components/kind-names";
import type { KindNames } from "~/domain/kinds/names";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { formatDateTime } from "~/utils/format";

const ACTION_LABELS: Record<string, string> = {
  "stop.create": "Skapade stoppet",
  "stop.update": "Ändrade stoppet",
  "stop.duplicate": "Skapade stoppet som kopia",
  "stop.held": "Markerade stoppet som genomfört",
  "stop.status": "Ändrade status",
  "staffing.needs": "Ändrade behoven av personal",
  "staffing.sign_up": "Anmälde sig",
  "staffing.withdraw": "Avanmälde sig",
  "staffing.assign": "Bokade personal",
  "staffing.unassign": "Tog bort personal",
  "staffing.confirm": "Bekräftade en anmälan",
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

function show(field: string, value: unknown, kinds: KindNames): string {
  if (value === null || value === undefined || value === "") return "–";
  if (field === "status" && typeof value === "string") return STOP_STATUS_LABELS[value as keyof typeof STOP_STATUS_LABELS] ?? value;
  if (field === "kind" && typeof value === "string") return kinds.stop[value as keyof KindNames["stop"]] ?? value;
  if ((field === "startsAt" || field === "endsAt") && typeof value === "string") return formatDateTime(value);
  return String(value);
}

export type HistoryItem = { id: string; at: string | Date; action: string; actorName: string | null; details: Record<string, unknown> | null };

/** A staffing entry's details in words: who in which role, or how the needs changed. */
function staffingDetails(e: HistoryItem, roles: Record<string, string>, people: Record<string, string>): string[] {
  const d = e.details ?? {};
  const role = (key: unknown) => (typeof key === "string" ? (roles[key] ?? key) : "");
  if (e.action === "staffing.needs") {
    const before = (d.before ?? {}) as Record<string, number>;
    const after = (d.after ?? {}) as Record<string, number>;
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => (before[k] ?? 0) !== (after[k] ?? 0))
      .map((k) => `${role(k).replace(/^./, (c) => c.toUpperCase())}: ${before[k] ?? 0} → ${after[k] ?? 0}`);
  }
  if (typeof d.role !== "string") return [];
  const who = typeof d.userId === "string" ? people[d.userId] : undefined;
  return [who ? `${who}, ${role(d.role)}` : role(d.role).replace(/^./, (c) => c.toUpperCase())];
}

/** Who made the change: a user, or the byalag through its invitation's reply link (no account). */
function actorLabel(e: HistoryItem): string {
  if (e.actorName) return e.actorName;
  return e.details?.via === "invitation_reply" ? "byalaget, via svar på inbjudan" : "okänd användare";
}

/** The audit trail of a stop, in words. `roles` and `people` name the role keys and user ids of staffing entries. */
export function StopHistory({ entries, roles = {}, people = {} }: { entries: HistoryItem[]; roles?: Record<string, string>; people?: Record<string, string> }) {
  const kinds = useKindNames();
  if (!entries.length) return <p className="muted">Ingen historik ännu.</p>;
  return (
    <ol className="history">
      {entries.map((e) => {
        const changes = (e.details?.changes ?? {}) as Record<string, [unknown, unknown]>;
        const isCreate = e.action === "stop.create";
        const fields = Object.entries(changes);
        const staffing = e.action.startsWith("staffing.") ? staffingDetails(e, roles, people) : [];
        return (
          <li key={e.id}>
            <p>
              <strong>{ACTION_LABELS[e.action] ?? e.action}</strong> · {formatDateTime(e.at)} · {actorLabel(e)}
            </p>
            {!isCreate && fields.length > 0 ? (
              <ul>
                {fields.map(([field, [before, after]]) => (
                  <li key={field}>
                    {HIDDEN_VALUES.has(field)
                      ? `Ändrade ${FIELD_LABELS[field] ?? field}`
                      : `${(FIELD_LABELS[field] ?? field).replace(/^./, (c) => c.toUpperCase())}: ${show(field, before, kinds)} → ${show(field, after, kinds)}`}
                  </li>
                ))}
              </ul>
            ) : null}
            {staffing.length ? (
              <ul>
                {staffing.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
