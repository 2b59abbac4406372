/**
 * The report's JSON API and file exports (issue 7): which period a query asks for, and the
 * figures as documented JSON (docs/api.md). Field names are English and stable: they are the
 * names of ReportFigures, with each period written as plain dates instead of instants.
 */
import { tours } from "#db/schema";
import { eq } from "drizzle-orm";
import type { Db } from "~/db.server";
import { rangePeriod, tourPeriod, yearPeriod, type ReportPeriod } from "./period";
import type { ReportFigures } from "./report.server";

export type PeriodQuery = { ok: true; period: ReportPeriod } | { ok: false; message: string };

const YEAR = /^\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** ?turne=<id> | ?ar=<yyyy> | ?fran=<yyyy-mm-dd>&till=<yyyy-mm-dd>; exactly one of the three. */
export function periodFromSearchParams(db: Db, params: URLSearchParams): PeriodQuery {
  const tourId = params.get("turne");
  const year = params.get("ar");
  const from = params.get("fran");
  const to = params.get("till");
  const given = [tourId !== null, year !== null, from !== null || to !== null].filter(Boolean).length;
  if (given !== 1) return { ok: false, message: "Ange en period: turne=<id>, ar=<åååå> eller fran=<åååå-mm-dd>&till=<åååå-mm-dd>." };
  if (tourId !== null) {
    const tour = db
      .select({ id: tours.id, name: tours.name, startsOn: tours.startsOn, endsOn: tours.endsOn })
      .from(tours)
      .where(eq(tours.id, tourId))
      .get();
    if (!tour) return { ok: false, message: "Turnén finns inte." };
    return { ok: true, period: tourPeriod(tour) };
  }
  try {
    if (year !== null) {
      if (!YEAR.test(year)) return { ok: false, message: "Året ska skrivas med fyra siffror, t.ex. ar=2017." };
      return { ok: true, period: yearPeriod(Number(year)) };
    }
    if (!from || !to || !DATE.test(from) || !DATE.test(to)) {
      return { ok: false, message: "Ange både fran och till som datum, åååå-mm-dd." };
    }
    return { ok: true, period: rangePeriod(from, to) };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: error.message };
    throw error;
  }
}

export type PeriodJson = { kind: ReportPeriod["kind"]; label: string; startsOn: string; endsOn: string; tourId: string | null };

export type ReportJson = {
  apiVersion: 1;
  period: PeriodJson;
  stops: ReportFigures["stops"];
  invitations: ReportFigures["invitations"];
  areas: ReportFigures["areas"];
  questions: ReportFigures["questions"];
  forwarded: ReportFigures["forwarded"];
  staffHours: ReportFigures["staffHours"];
  comparison: Omit<ReportFigures["comparison"], "previous"> & { previous: PeriodJson };
};

export function periodJson(p: ReportPeriod): PeriodJson {
  return { kind: p.kind, label: p.label, startsOn: p.startsOn, endsOn: p.endsOn, tourId: p.tourId ?? null };
}

export function reportJson(figures: ReportFigures): ReportJson {
  return {
    apiVersion: 1,
    period: periodJson(figures.period),
    stops: figures.stops,
    invitations: figures.invitations,
    areas: figures.areas,
    questions: figures.questions,
    forwarded: figures.forwarded,
    staffHours: figures.staffHours,
    comparison: { ...figures.comparison, previous: periodJson(figures.comparison.previous) },
  };
}
