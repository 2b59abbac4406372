/**
 * The one reader of a report period from a query string (issue 7; hardened in issue 12): the
 * report page, its map JSON, the CSV and XLSX exports and the JSON API all call it, so a period
 * one of them accepts is one every other accepts, and none can reach a RangeError.
 *
 * The page sends typ=turne&turne=<id>, typ=ar&ar=2017 or typ=intervall&fran=…&till=…. Without
 * `typ` (the API's and the exports' shorthand), the kind follows from the parameter given.
 * Without any parameter: the current tour, else the latest. Errors are Swedish, per field.
 */
import type { Db } from "~/db.server";
import { boardTours, type TourChoice } from "~/domain/staffing/board.server";
import { currentTourId } from "~/domain/tours/tours.server";
import { isIsoDate, todayInStockholm } from "~/utils/dates";
import { rangePeriod, tourPeriod, yearPeriod, type ReportPeriod } from "./period";

export type ReportKind = "turne" | "ar" | "intervall";
export type ReportQuery = { typ: ReportKind; turne: string; ar: string; fran: string; till: string };
export type ReportErrors = Partial<Record<"typ" | "turne" | "ar" | "fran" | "till", string>>;

/** The years a report may cover: KC's tours began in 2016; nothing is planned a lifetime ahead. */
export const REPORT_YEAR_MIN = 2000;
export const REPORT_YEAR_MAX = 2100;
/** The longest range, in calendar years between its ends. */
export const REPORT_MAX_YEARS = 20;

function kindOf(params: URLSearchParams, get: (k: string) => string): ReportKind | null {
  const raw = get("typ");
  if (raw === "ar" || raw === "intervall" || raw === "turne") return raw;
  if (raw) return null;
  if (params.has("ar")) return "ar";
  if (params.has("fran") || params.has("till")) return "intervall";
  return "turne";
}

function yearIn(date: string): number {
  return Number(date.slice(0, 4));
}

export function readReportQuery(
  db: Db,
  params: URLSearchParams,
  /** The tour the page opens on without ?turne= (the user's chosen tour); the season's when not given. */
  preferredTourId?: string | null,
): { query: ReportQuery; period: ReportPeriod | null; errors: ReportErrors; tours: TourChoice[] } {
  const tours = boardTours(db);
  const get = (k: string) => (params.get(k) ?? "").trim();
  const errors: ReportErrors = {};
  const kind = kindOf(params, get);
  if (kind === null) errors.typ = "Välj turné, år eller datumintervall.";
  const typ: ReportKind = kind ?? "turne";
  const current = preferredTourId ?? currentTourId(db, todayInStockholm());
  const defaultTour = tours.find((t) => t.id === current) ?? tours[0];
  const query: ReportQuery = { typ, turne: get("turne") || defaultTour?.id || "", ar: get("ar"), fran: get("fran"), till: get("till") };
  let period: ReportPeriod | null = null;

  if (typ === "turne") {
    const tour = tours.find((t) => t.id === query.turne);
    if (!tour) errors.turne = tours.length ? "Turnén finns inte." : "Det finns inga turnéer än.";
    else period = tourPeriod(tour);
  } else if (typ === "ar") {
    const year = Number(query.ar);
    if (!query.ar) errors.ar = "Skriv ett år, till exempel 2017.";
    else if (!/^\d{4}$/.test(query.ar) || year < REPORT_YEAR_MIN || year > REPORT_YEAR_MAX) {
      errors.ar = `Skriv året med fyra siffror, mellan ${REPORT_YEAR_MIN} och ${REPORT_YEAR_MAX}.`;
    } else period = yearPeriod(year);
  } else {
    const outside = (d: string) => yearIn(d) < REPORT_YEAR_MIN || yearIn(d) > REPORT_YEAR_MAX;
    const range = `Datumet ska ligga mellan ${REPORT_YEAR_MIN} och ${REPORT_YEAR_MAX}.`;
    if (!query.fran) errors.fran = "Välj ett startdatum.";
    else if (!isIsoDate(query.fran)) errors.fran = "Skriv datumet som ÅÅÅÅ-MM-DD.";
    else if (outside(query.fran)) errors.fran = range;
    if (!query.till) errors.till = "Välj ett slutdatum.";
    else if (!isIsoDate(query.till)) errors.till = "Skriv datumet som ÅÅÅÅ-MM-DD.";
    else if (outside(query.till)) errors.till = range;
    if (!errors.fran && !errors.till) {
      if (query.till < query.fran) errors.till = "Slutdatumet måste vara samma dag som startdatumet eller senare.";
      else if (yearIn(query.till) - yearIn(query.fran) > REPORT_MAX_YEARS) errors.till = `Perioden får vara högst ${REPORT_MAX_YEARS} år.`;
      else period = rangePeriod(query.fran, query.till);
    }
  }
  if (errors.typ) period = null;
  return { query, period, errors, tours };
}

/** All errors of a query as one sentence, for the exports and the API. */
export function periodErrorMessage(errors: ReportErrors): string {
  return Object.values(errors).join(" ") || "Ogiltig period.";
}
