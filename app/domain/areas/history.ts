import type { AreaKind } from "#db/enums";
import { AREA_KIND_LABELS } from "./labels";

/**
 * Swedish text for the history of areas, organizations and contacts, read from the audit log.
 * Pure, so the pages (server and browser) can use it.
 */

const ACTIONS: Record<string, string> = {
  "area.create": "Området skapades",
  "area.update": "Området ändrades",
  "area.archive": "Området arkiverades",
  "area.unarchive": "Området återställdes från arkivet",
  "organization.create": "Organisationen skapades",
  "organization.update": "Organisationen ändrades",
  "organization.archive": "Organisationen arkiverades",
  "organization.unarchive": "Organisationen återställdes från arkivet",
  "contact.create": "En kontaktperson lades till",
  "contact.update": "En kontaktperson ändrades",
  "contact.delete": "En kontaktperson togs bort",
};

const FIELDS: Record<string, string> = {
  name: "namn",
  kind: "typ",
  lat: "latitud",
  lng: "longitud",
  population: "invånare",
  populationYear: "år för invånarantalet",
  tags: "taggar",
  notes: "anteckningar",
  geometryGeojson: "geometri",
  statCode: "statistikkod",
  areaId: "område",
  website: "webbplats",
  role: "roll",
  email: "e-post",
  phone: "telefon",
};

export type HistoryLine = { title: string; lines: string[] };

function show(field: string, value: unknown, labels: (field: string, value: unknown) => string | undefined): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "–";
  const label = labels(field, value);
  if (label) return label;
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "number") return String(value).replace(".", ",");
  return String(value);
}

const areaKindLabel = (field: string, value: unknown) =>
  field === "kind" && typeof value === "string" && value in AREA_KIND_LABELS ? AREA_KIND_LABELS[value as AreaKind] : undefined;

/**
 * "Området ändrades" + ["Taggar: – → socioekonomiskt fokus", "Position flyttad: 55,9664; 12,7807 → 55,97; 12,79"].
 * `labels` turns codes into words (a kind, an area id into its name); `details.changes` is
 * { field: [before, after] } as the verbs write it.
 */
export function describeHistoryEntry(
  entry: { action: string; details: Record<string, unknown> | null },
  labels: (field: string, value: unknown) => string | undefined = areaKindLabel,
): HistoryLine {
  const title = ACTIONS[entry.action] ?? entry.action;
  const details = entry.details ?? {};
  const lines: string[] = [];
  const via = typeof details.via === "string" ? details.via : null;
  const changes = (details.changes ?? null) as Record<string, [unknown, unknown]> | null;
  const isCreate = entry.action.endsWith(".create");
  if (changes) {
    let rest = changes;
    const { lat, lng, ...others } = changes;
    if (lat && lng) {
      // The form sends both; a click on the map moves both.
      const pos = (a: unknown, b: unknown) => (a === null && b === null ? "–" : `${show("lat", a, labels)}° N, ${show("lng", b, labels)}° Ö`);
      lines.push(isCreate ? `Position: ${pos(lat[1], lng[1])}` : `Position: ${pos(lat[0], lng[0])} → ${pos(lat[1], lng[1])}`);
      rest = others;
    }
    for (const [field, [before, after]] of Object.entries(rest)) {
      const name = FIELDS[field] ?? field;
      const label = name[0]!.toUpperCase() + name.slice(1);
      if (after === "…" || before === "…") lines.push(`${label}: ändrade`);
      else if (isCreate) lines.push(`${label}: ${show(field, after, labels)}`);
      else lines.push(`${label}: ${show(field, before, labels)} → ${show(field, after, labels)}`);
    }
  }
  if (Array.isArray(details.fields) && details.fields.length) {
    lines.push(`Ändrade uppgifter: ${details.fields.map((f) => FIELDS[String(f)] ?? String(f)).join(", ")}`);
  }
  if (via?.startsWith("import")) lines.push("Via import av fil");
  return { title, lines };
}
