import { formatLongDate, stockholmDate, stockholmTime } from "~/utils/dates";

/**
 * "Mörarps bygdegård, Storgatan 1, Mörarp": the parts that are set, in that order, without
 * repeating a place already named ("Byalagets lokal, Rydebäck" in Rydebäck stays as it is).
 */
export function formatPlace(place: { venueName: string | null; venueAddress: string | null; areaName: string | null }): string {
  const parts: string[] = [];
  const named = new Set<string>();
  for (const part of [place.venueName, place.venueAddress, place.areaName]) {
    const trimmed = part?.trim();
    if (!trimmed || named.has(trimmed.toLowerCase())) continue;
    parts.push(trimmed);
    named.add(trimmed.toLowerCase());
    for (const token of trimmed.split(",")) named.add(token.trim().toLowerCase());
  }
  return parts.join(", ");
}

/**
 * When a stop happens, in Swedish time, spelled out for residents:
 * "lördag 3 juni 2027, kl. 10:00–14:00", or with both dates when it spans days.
 */
export function formatWhen(start: Date | number | string, end: Date | number | string): string {
  if (stockholmDate(start) === stockholmDate(end)) {
    return `${formatLongDate(start)}, kl. ${stockholmTime(start)}–${stockholmTime(end)}`;
  }
  return `${formatLongDate(start)} kl. ${stockholmTime(start)} – ${formatLongDate(end)} kl. ${stockholmTime(end)}`;
}
