/**
 * Reads the report's period from the query string (shared by /rapport and /rapport/export.csv):
 * typ=turne&turne=<id>, typ=ar&ar=2017, or typ=intervall&fran=YYYY-MM-DD&till=YYYY-MM-DD.
 * Without parameters: the current tour, else the latest. Errors are Swedish, per field.
 */
import type { Db } from "~/db.server";
import { rangePeriod, tourPeriod, yearPeriod, type ReportPeriod } from "~/domain/report/period";
import { boardTours, type TourChoice } from "~/domain/staffing/board.server";
import { currentTourId } from "~/domain/tours/tours.server";
import { isIsoDate, todayInStockholm } from "~/utils/dates";

export type ReportKind = "turne" | "ar" | "intervall";
export type ReportQuery = { typ: ReportKind; turne: string; ar: string; fran: string; till: string };
export type ReportErrors = Partial<Record<"typ" | "turne" | "ar" | "fran" | "till", string>>;

export function readReportQuery(
  db: Db,
  params: URLSearchParams,
): { query: ReportQuery; period: ReportPeriod | null; errors: ReportErrors; tours: TourChoice[] } {
  const tours = boardTours(db);
  const get = (k: string) => (params.get(k) ?? "").trim();
  const rawKind = get("typ");
  const errors: ReportErrors = {};
  let typ: ReportKind = "turne";
  if (rawKind === "ar" || rawKind === "intervall" || rawKind === "turne") typ = rawKind;
  else if (rawKind) errors.typ = "Välj turné, år eller datumintervall.";
  const current = currentTourId(db, todayInStockholm());
  const defaultTour = tours.find((t) => t.id === current) ?? tours[0];
  const query: ReportQuery = { typ, turne: get("turne") || defaultTour?.id || "", ar: get("ar"), fran: get("fran"), till: get("till") };
  let period: ReportPeriod | null = null;

  if (typ === "turne") {
    const tour = tours.find((t) => t.id === query.turne);
    if (!tour) errors.turne = tours.length ? "Turnén finns inte. Välj en turné i listan." : "Det finns inga turnéer än.";
    else period = tourPeriod(tour);
  } else if (typ === "ar") {
    const year = Number(query.ar);
    if (!query.ar) errors.ar = "Skriv ett år, till exempel 2017.";
    else if (!/^\d{4}$/.test(query.ar) || year < 2000 || year > 2100) errors.ar = "Skriv året med fyra siffror, mellan 2000 och 2100.";
    else period = yearPeriod(year);
  } else {
    if (!query.fran) errors.fran = "Välj ett startdatum.";
    else if (!isIsoDate(query.fran)) errors.fran = "Skriv datumet som ÅÅÅÅ-MM-DD.";
    if (!query.till) errors.till = "Välj ett slutdatum.";
    else if (!isIsoDate(query.till)) errors.till = "Skriv datumet som ÅÅÅÅ-MM-DD.";
    if (!errors.fran && !errors.till) {
      if (query.till < query.fran) errors.till = "Slutdatumet måste vara samma dag som startdatumet eller senare.";
      else if (Number(query.till.slice(0, 4)) - Number(query.fran.slice(0, 4)) > 20) errors.till = "Perioden får vara högst 20 år.";
      else period = rangePeriod(query.fran, query.till);
    }
  }
  if (errors.typ) period = null;
  return { query, period, errors, tours };
}

/** rullar-ut-rapport-2017.csv, …-2017-03-01-2017-05-31.csv for a range. */
export function reportFileName(period: ReportPeriod): string {
  const y = period.startsOn.slice(0, 4);
  const part =
    period.kind === "range"
      ? `${period.startsOn}-${period.endsOn}`
      : period.kind === "year" || period.endsOn.slice(0, 4) === y
        ? y
        : `${y}-${period.endsOn.slice(0, 4)}`;
  return `rullar-ut-rapport-${part}.csv`;
}
