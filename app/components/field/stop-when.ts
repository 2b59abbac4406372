import { formatPeriod, stockholmDate, stockholmTime } from "~/utils/dates";

/**
 * When a stop in the field page's chooser runs, in the app's one date format (issue 13): only the
 * times for a stop that lies within the day the page is for ("10:00–14:00", the day is said once
 * above the list), else the whole period ("tors 11 mars 2027 10:00–14:00"), as for the upcoming
 * stops offered when nothing runs today and for a stop that runs past midnight.
 */
export function fieldStopWhen(stop: { startsAt: string; endsAt: string }, today: string, upcoming: boolean): string {
  if (!upcoming && stockholmDate(stop.startsAt) === today && stockholmDate(stop.endsAt) === today) {
    return `${stockholmTime(stop.startsAt)}–${stockholmTime(stop.endsAt)}`;
  }
  return formatPeriod(stop.startsAt, stop.endsAt);
}
