import { STOP_KINDS, STOP_STATUSES, type StopKind, type StopStatus } from "#db/enums";

/** The map's filters, from the URL: ?turne=ID|alla&ar=2017&typ=fair&status=held&tagg=… */
export type MapFilters = {
  tourId: string | null;
  year: number | null;
  kind: StopKind | null;
  status: StopStatus | null;
  tag: string | null;
};

export function parseMapFilters(params: URLSearchParams, defaultTourId: string | null): MapFilters {
  const tour = params.get("turne");
  const year = Number(params.get("ar"));
  const kind = params.get("typ");
  const status = params.get("status");
  const tag = params.get("tagg")?.trim().toLowerCase();
  return {
    tourId: tour === "alla" ? null : tour || (params.has("ar") ? null : defaultTourId),
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
    kind: STOP_KINDS.includes(kind as StopKind) ? (kind as StopKind) : null,
    status: STOP_STATUSES.includes(status as StopStatus) ? (status as StopStatus) : null,
    tag: tag || null,
  };
}

/** The same filters as a query string, for the data URL and links. */
export function mapFiltersQuery(f: MapFilters): string {
  const p = new URLSearchParams();
  p.set("turne", f.tourId ?? "alla");
  if (f.year) p.set("ar", String(f.year));
  if (f.kind) p.set("typ", f.kind);
  if (f.status) p.set("status", f.status);
  if (f.tag) p.set("tagg", f.tag);
  return p.toString();
}

/**
 * Compact rows for the map: [id, name, lat, lng, lastHeldYear | 0, invitation state for the tour | ""].
 * The state is the board's ("accepted", "declined", "sent" …) for the area's organizations.
 */
export type AreaPoint = [string, string, number, number, number, MapInvitationState | ""];

/** The invitation states the map distinguishes (a subset of the board's, see invitationStateByArea). */
export type MapInvitationState = "accepted" | "declined" | "invited" | "no_response" | "bounced";
/** [id, title, kind, status, startsAt (ms), lat, lng] */
export type StopPoint = [string, string, StopKind, StopStatus, number, number, number];
