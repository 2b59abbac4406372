/**
 * The period a report covers (issue 7): a tour (its dates), a calendar year, or any range of
 * Stockholm dates, both ends inclusive. As instants it is [from, to): from the start of the first
 * day to the start of the day after the last, in Swedish time, so the daylight-saving change and
 * New Year's Eve need no special cases. Pure: safe to import in browser code.
 */
import { addDaysIso, formatIsoDate, isIsoDate, stockholmToUtc } from "~/utils/dates";

export type ReportPeriod = {
  kind: "tour" | "year" | "range";
  /** First and last Stockholm date, YYYY-MM-DD, both inclusive. */
  startsOn: string;
  endsOn: string;
  /** The start of startsOn in Stockholm, as an instant. */
  from: Date;
  /** The start of the day after endsOn in Stockholm (exclusive). */
  to: Date;
  label: string;
  /** Set when the period is a tour's. */
  tourId?: string;
};

export type TourDates = { id: string; name: string; startsOn: string; endsOn: string };

function build(kind: ReportPeriod["kind"], startsOn: string, endsOn: string, label: string, tourId?: string): ReportPeriod {
  if (!isIsoDate(startsOn) || !isIsoDate(endsOn)) throw new RangeError(`Ogiltigt datum: ${startsOn}–${endsOn}`);
  if (endsOn < startsOn) throw new RangeError(`Perioden slutar före den börjar: ${startsOn}–${endsOn}`);
  return {
    kind,
    startsOn,
    endsOn,
    from: stockholmToUtc(startsOn, "00:00"),
    to: stockholmToUtc(addDaysIso(endsOn, 1), "00:00"),
    label,
    ...(tourId ? { tourId } : {}),
  };
}

export function tourPeriod(tour: TourDates): ReportPeriod {
  return build("tour", tour.startsOn, tour.endsOn, tour.name, tour.id);
}

export function yearPeriod(year: number): ReportPeriod {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Ogiltigt år: ${year}`);
  return build("year", `${year}-01-01`, `${year}-12-31`, `År ${year}`);
}

export function rangePeriod(startsOn: string, endsOn: string): ReportPeriod {
  return build("range", startsOn, endsOn, `${formatIsoDate(startsOn)} – ${formatIsoDate(endsOn)}`);
}

/** Days from startsOn to endsOn, both inclusive. */
export function periodDays(period: Pick<ReportPeriod, "startsOn" | "endsOn">): number {
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((day(period.endsOn) - day(period.startsOn)) / 86_400_000) + 1;
}

/** The same calendar date a year earlier; 29 February becomes 28 February. */
export function yearEarlier(date: string): string {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(5);
  const candidate = `${y}-${md}`;
  return isIsoDate(candidate) ? candidate : `${y}-02-28`;
}

/**
 * The period to compare with: for a year, the year before; for a range, the range of the same
 * length just before it; for a tour, the latest of `tours` that starts before it (the previous
 * year's tour), or, when there is none, the same dates a year earlier.
 */
export function previousPeriod(period: ReportPeriod, tours: readonly TourDates[] = []): ReportPeriod {
  switch (period.kind) {
    case "year":
      return yearPeriod(Number(period.startsOn.slice(0, 4)) - 1);
    case "range": {
      const days = periodDays(period);
      return rangePeriod(addDaysIso(period.startsOn, -days), addDaysIso(period.startsOn, -1));
    }
    case "tour": {
      const earlier = tours
        .filter((t) => t.id !== period.tourId && t.startsOn < period.startsOn)
        .sort((a, b) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0))[0];
      if (earlier) return tourPeriod(earlier);
      const startsOn = yearEarlier(period.startsOn);
      const endsOn = yearEarlier(period.endsOn);
      return build("range", startsOn, endsOn, `${formatIsoDate(startsOn)} – ${formatIsoDate(endsOn)}`);
    }
  }
}
