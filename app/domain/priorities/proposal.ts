import { addDaysIso, stockholmToUtc } from "~/utils/dates";

/** A proposed visit: Saturday late morning, when residents are home and the village hall is free. */
export const PROPOSED_START_TIME = "10:00";
export const PROPOSED_END_TIME = "14:00";

const isSaturday = (date: string) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 6;
};

/**
 * The date a proposed stop gets: the first Saturday of the tour period, or the start date if
 * the period has no Saturday. For a tour already under way, the search starts today instead
 * of at the start date, so a proposal never lands in the past of a running tour.
 */
export function proposedStopDate(tour: { startsOn: string; endsOn: string }, today: string): string {
  const from = today > tour.startsOn && today <= tour.endsOn ? today : tour.startsOn;
  for (let date = from; date <= tour.endsOn; date = addDaysIso(date, 1)) {
    if (isSaturday(date)) return date;
  }
  return from;
}

/** The proposed stop's time as UTC instants: 10:00–14:00 Swedish time on proposedStopDate. */
export function proposedStopTime(tour: { startsOn: string; endsOn: string }, today: string): { startsAt: Date; endsAt: Date } {
  const date = proposedStopDate(tour, today);
  return { startsAt: stockholmToUtc(date, PROPOSED_START_TIME), endsAt: stockholmToUtc(date, PROPOSED_END_TIME) };
}
