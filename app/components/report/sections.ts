/**
 * The yearly report (issue 7) as sections of tables, built once from ReportFigures and used by
 * both the page (tables, charts, summaries) and the CSV export, so the two never disagree.
 * Pure: safe to import in browser code.
 */
import { CASE_STATUSES } from "#db/enums";
import type { ReportFigures } from "~/domain/report/report.server";
import { CASE_STATUS_LABELS } from "~/domain/cases/labels";

export type CellFormat = "count" | "minutes";
export type ReportColumn = { label: string; format?: CellFormat };
export type ReportRow = { head: string; cells: number[] };
export type ReportTable = {
  id: string;
  caption: string;
  /** The first column's heading (the row headers). */
  rowHeading: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Shown when there are no rows. */
  empty: string;
  /** Draw a bar chart of this column (index into columns), next to the table. */
  chartColumn?: number;
  /** On the page, show only this many rows (the largest); the CSV and XLSX have them all. */
  pageRows?: number;
};
/** A chart shows at most this many bars (the first rows); the rest are in its table. */
export const MAX_BARS = 12;

/** The tables per area show this many areas on the page (the map and the exports have them all). */
export const PAGE_AREAS = 25;

/** The table of topics per area lists this many; the map and the XLSX have them all. */
export const HOT_SPOTS = 10;

export type ReportSection = { id: string; title: string; summary: string; tables: ReportTable[] };

const nf = new Intl.NumberFormat("sv-SE");
export const formatCount = (n: number) => nf.format(n);
const wholeNumber = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 });
export function formatPercent(share: number | null): string {
  return share === null ? "–" : `${wholeNumber.format(share * 100)} %`;
}
/** 150 → "2 h 30 min". */
export function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
/** For spreadsheets: hours with a decimal comma, "2,5". */
export function minutesAsHours(total: number): string {
  return new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 2, useGrouping: false }).format(total / 60);
}
export function formatCell(value: number, format: CellFormat = "count"): string {
  return format === "minutes" ? formatMinutes(value) : formatCount(value);
}

function top(rows: { label: string; count: number }[]): string {
  const first = rows[0];
  return first ? `${first.label} (${formatCount(first.count)})` : "";
}

export function reportSections(r: ReportFigures): ReportSection[] {
  const label = r.period.label;
  const kinds = [...r.stops.heldByKind].sort((a, b) => b.held - a.held);
  const areas = [...r.stops.heldByArea].sort((a, b) => b.held - a.held || (a.areaName ?? "").localeCompare(b.areaName ?? "", "sv"));
  const inv = r.invitations;
  const q = r.questions;
  const forwardedRows = CASE_STATUSES.filter((s) => r.forwarded.byStatus[s] > 0).map((s) => ({
    head: CASE_STATUS_LABELS[s],
    cells: [r.forwarded.byStatus[s]],
  }));
  const hours = r.staffHours;
  const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const counted = (rows: { label: string; count: number }[]) => rows.map((c) => ({ head: c.label, cells: [c.count] }));

  return [
    {
      id: "stopp",
      title: "Stopp och besökare",
      summary: r.stops.held
        ? `Turnén genomförde ${formatCount(r.stops.held)} stopp med ${formatCount(r.stops.visitors)} besökare i ${formatCount(areas.filter((a) => a.areaId).length)} områden; vanligast var ${kinds[0] ? kinds[0].name.toLowerCase() : ""} (${formatCount(kinds[0]?.held ?? 0)} stopp).`
        : "Inga stopp genomfördes under perioden.",
      tables: [
        {
          id: "stopp-typ",
          caption: `Genomförda stopp per typ, ${label}`,
          rowHeading: "Typ",
          columns: [{ label: "Stopp" }, { label: "Besökare" }],
          rows: kinds.map((k) => ({ head: k.name, cells: [k.held, k.visitors] })),
          empty: "Inga genomförda stopp.",
          chartColumn: 0,
        },
        {
          id: "stopp-omrade",
          caption: `Genomförda stopp per område, ${label}`,
          rowHeading: "Område",
          columns: [{ label: "Stopp" }, { label: "Besökare" }],
          rows: areas.map((a) => ({ head: a.areaName ?? "Utan område", cells: [a.held, a.visitors] })),
          empty: "Inga genomförda stopp.",
          pageRows: PAGE_AREAS,
        },
      ],
    },
    {
      id: "byalag",
      title: "Byalag och föreningar",
      summary: inv.invited
        ? `${formatCount(inv.invited)} byalag och föreningar bjöds in; ${formatCount(inv.accepted)} tackade ja, ${formatCount(inv.declined)} tackade nej och ${formatCount(inv.noAnswer)} svarade inte.`
        : "Inga inbjudningar skickades under perioden.",
      tables: [
        {
          id: "byalag-svar",
          caption: `Inbjudna byalag och föreningar efter svar, ${label}`,
          rowHeading: "Svar",
          columns: [{ label: "Antal" }],
          rows: inv.invited
            ? [
                { head: "Tackade ja", cells: [inv.accepted] },
                { head: "Tackade nej", cells: [inv.declined] },
                { head: "Inget svar", cells: [inv.noAnswer] },
                ...(inv.other ? [{ head: "Studsade eller återkallade", cells: [inv.other] }] : []),
                { head: "Inbjudna totalt", cells: [inv.invited] },
              ]
            : [],
          empty: "Inga inbjudningar.",
        },
      ],
    },
    {
      id: "fragor",
      title: "Invånarnas frågor",
      summary: q.total
        ? `Invånarna ställde ${formatCount(q.total)} frågor, och ${formatPercent(q.shareOnSpot)} besvarades på plats. Flest frågor gällde ${top(q.byCategory)}; vanligaste ämnet var ${top(q.byTopic) || "–"}.`
        : "Inga frågor loggades under perioden.",
      tables: [
        {
          id: "fragor-grupp",
          caption: `Frågor per svarsgrupp och funktion, ${label}`,
          rowHeading: "Svarsgrupp eller funktion",
          columns: [{ label: "Frågor" }],
          rows: counted(q.byCategory),
          empty: "Inga frågor.",
          chartColumn: 0,
        },
        {
          id: "fragor-amne",
          caption: `Frågor per ämne, ${label}`,
          rowHeading: "Ämne",
          columns: [{ label: "Frågor" }],
          rows: counted(q.byTopic),
          empty: "Inga frågor med ämne.",
          chartColumn: 0,
        },
        {
          id: "fragor-omrade",
          caption: `Frågor per område, ${label}`,
          rowHeading: "Område",
          columns: [{ label: "Frågor" }],
          rows: q.byArea.map((c) => ({ head: c.key === null ? "Utan område" : c.label, cells: [c.count] })),
          empty: "Inga frågor.",
          pageRows: PAGE_AREAS,
        },
        {
          id: "fragor-amne-omrade",
          caption: `De vanligaste ämnena per område (de ${HOT_SPOTS} största), ${label}`,
          rowHeading: "Ämne och område",
          columns: [{ label: "Frågor" }],
          rows: q.byTopicAndArea.slice(0, HOT_SPOTS).map((h) => ({ head: `${h.topicLabel}, ${h.areaName}`, cells: [h.count] })),
          empty: "Inga frågor med ämne och område.",
        },
        {
          id: "fragor-forvaltning",
          caption: `Frågor per förvaltning, ${label}`,
          rowHeading: "Förvaltning",
          columns: [{ label: "Frågor" }],
          rows: counted(q.byDepartment),
          empty: "Inga frågor gick till en förvaltning.",
        },
      ],
    },
    {
      id: "arenden",
      title: "Vidarebefordrade ärenden",
      summary: r.forwarded.total
        ? `${formatCount(r.forwarded.total)} ärenden vidarebefordrades till en förvaltning; ${formatCount(r.forwarded.byStatus.closed)} av dem är avslutade.`
        : "Inga ärenden vidarebefordrades under perioden.",
      tables: [
        {
          id: "arenden-status",
          caption: `Vidarebefordrade ärenden efter status, ${label}`,
          rowHeading: "Status",
          columns: [{ label: "Ärenden" }],
          rows: forwardedRows,
          empty: "Inga vidarebefordrade ärenden.",
        },
      ],
    },
    {
      id: "timmar",
      title: "Personalens timmar",
      summary: hours.totals.bookings
        ? `Personalen arbetade ${formatMinutes(hours.totals.workedMinutes)} på genomförda stopp, fördelat på ${formatCount(hours.totals.bookings)} bokningar; ${formatMinutes(hours.totals.plannedMinutes)} var planerade på övriga stopp.`
        : "Ingen personal var bokad under perioden.",
      tables: [
        {
          id: "timmar-funktion",
          caption: `Personaltimmar per funktion, ${label}`,
          rowHeading: "Funktion",
          columns: [{ label: "Bokningar" }, { label: "Arbetat", format: "minutes" }, { label: "Planerat", format: "minutes" }],
          rows: hours.roles.map((role) => ({ head: capitalise(role.label), cells: [role.bookings, role.workedMinutes, role.plannedMinutes] })),
          empty: "Inga bokningar.",
        },
      ],
    },
  ];
}
