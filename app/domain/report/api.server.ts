/**
 * The report's JSON API and file exports (issue 7): which period a query asks for, and the
 * figures as documented JSON (docs/api.md). Field names are English and stable: they are the
 * names of ReportFigures, with each period written as plain dates instead of instants.
 */
import type { Db } from "~/db.server";
import type { ReportPeriod } from "./period";
import { periodErrorMessage, readReportQuery } from "./period-query.server";
import type { ReportFigures } from "./report.server";

export type PeriodQuery = { ok: true; period: ReportPeriod } | { ok: false; message: string };

/**
 * ?turne=<id> | ?ar=<yyyy> | ?fran=<yyyy-mm-dd>&till=<yyyy-mm-dd>; exactly one of the three, read
 * by the same parser as the report page (readReportQuery), so page, exports and API agree.
 */
export function periodFromSearchParams(db: Db, params: URLSearchParams): PeriodQuery {
  const given = [params.has("turne"), params.has("ar"), params.has("fran") || params.has("till")].filter(Boolean).length;
  if (given !== 1) {
    return { ok: false, message: "Ange en period: turne=<id>, ar=<åååå> eller fran=<åååå-mm-dd>&till=<åååå-mm-dd>." };
  }
  const { period, errors } = readReportQuery(db, params);
  return period ? { ok: true, period } : { ok: false, message: periodErrorMessage(errors) };
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
