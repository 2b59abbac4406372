/**
 * The yearly report as an XLSX workbook (issue 7), with exceljs (docs/decisions/018): one sheet
 * per section, a bold header row, numbers as numbers (shares as percentages), Swedish sheet names.
 *
 * Formula injection: every text is written as a string cell (exceljs writes a formula only for a
 * { formula } value), so a spreadsheet shows "=HYPERLINK(…)" as text and never runs it. Text that
 * starts like a formula (= + - @, as in csv.ts) also gets the text number format "@", so it stays
 * text when someone edits the cell and presses Enter.
 */
import ExcelJS from "exceljs";
import { CASE_STATUS_LABELS } from "~/domain/cases/labels";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import type { ReportFigures } from "./report.server";

type Cell = string | number | null;
/** A column's heading, and "percent" for shares (0–1) shown as %. */
type Column = { header: string; width?: number; percent?: boolean };
export type SheetSpec = { name: string; columns: Column[]; rows: Cell[][] };

const FORMULA_START = /^[=+\-@\t\r]/;

/** Excel's limits on a sheet name: ≤ 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31);
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

export function reportSheets(r: ReportFigures): SheetSpec[] {
  const c = r.comparison;
  const count = (header: string): Column[] => [
    { header, width: 36 },
    { header: "Antal", width: 12 },
  ];
  return [
    {
      name: "Sammanfattning",
      columns: [
        { header: "Mått", width: 34 },
        { header: r.period.label, width: 18 },
        { header: c.previous.label, width: 18 },
        { header: "Skillnad", width: 14 },
      ],
      rows: [
        ["Period", `${r.period.startsOn} – ${r.period.endsOn}`, `${c.previous.startsOn} – ${c.previous.endsOn}`, null],
        ["Genomförda stopp", c.current.stopsHeld, c.before.stopsHeld, c.difference.stopsHeld],
        ["Besökare", c.current.visitors, c.before.visitors, c.difference.visitors],
        ["Områden som nåtts", c.current.areasReached, c.before.areasReached, c.difference.areasReached],
        ["Frågor", c.current.questions, c.before.questions, c.difference.questions],
        ["Besvarade på plats", c.current.answeredOnSpot, c.before.answeredOnSpot, c.current.answeredOnSpot - c.before.answeredOnSpot],
        ["Andel besvarade på plats (%)", c.current.shareOnSpot, c.before.shareOnSpot, c.difference.shareOnSpot],
        ["Befolkning i nådda områden (%)", r.areas.populationShare, null, null],
        ["Inbjudna byalag och föreningar", r.invitations.invited, null, null],
        ["Vidarebefordrade ärenden", r.forwarded.total, null, null],
      ],
    },
    {
      name: "Stopp per typ",
      columns: [
        { header: "Typ", width: 24 },
        { header: "Genomförda", width: 12 },
        { header: "Besökare", width: 12 },
      ],
      rows: r.stops.heldByKind.map((k) => [k.name, k.held, k.visitors]),
    },
    {
      name: "Stopp per område",
      columns: [
        { header: "Område", width: 30 },
        { header: "Genomförda", width: 12 },
        { header: "Besökare", width: 12 },
      ],
      rows: r.stops.heldByArea.map((a) => [a.areaName ?? "Utan område", a.held, a.visitors]),
    },
    {
      name: "Stopp per status",
      columns: count("Status"),
      rows: Object.entries(r.stops.byStatus).map(([s, n]) => [STOP_STATUS_LABELS[s as keyof typeof STOP_STATUS_LABELS] ?? s, n]),
    },
    {
      name: "Inbjudningar",
      columns: count("Svar"),
      rows: [
        ["Inbjudna", r.invitations.invited],
        ["Tackade ja", r.invitations.accepted],
        ["Tackade nej", r.invitations.declined],
        ["Inget svar", r.invitations.noAnswer],
        ["Övriga (studsade, återkallade)", r.invitations.other],
      ],
    },
    {
      name: "Områden",
      columns: [
        { header: "Mått", width: 40 },
        { header: "Värde", width: 14 },
      ],
      rows: [
        ["Områden som nåtts", r.areas.reached],
        ["Befolkning i nådda områden", r.areas.reachedPopulation],
        ["Befolkning i alla områden", r.areas.totalPopulation],
        ["Andel av befolkningen (%)", r.areas.populationShare],
        ["Aktiva områden utan befolkningssiffra", r.areas.activeAreasWithoutPopulation],
      ],
    },
    { name: "Frågor per kategori", columns: count("Kategori"), rows: r.questions.byCategory.map((q) => [q.label, q.count]) },
    { name: "Frågor per ämne", columns: count("Ämne"), rows: r.questions.byTopic.map((q) => [q.label, q.count]) },
    { name: "Frågor per område", columns: count("Område"), rows: r.questions.byArea.map((q) => [q.label, q.count]) },
    {
      name: "Frågor per ämne och område",
      columns: [
        { header: "Ämne", width: 28 },
        { header: "Område", width: 30 },
        { header: "Antal", width: 12 },
      ],
      rows: r.questions.byTopicAndArea.map((h) => [h.topicLabel, h.areaName, h.count]),
    },
    { name: "Frågor per förvaltning", columns: count("Förvaltning"), rows: r.questions.byDepartment.map((q) => [q.label, q.count]) },
    {
      name: "Vidarebefordrade ärenden",
      columns: count("Status"),
      rows: Object.entries(r.forwarded.byStatus).map(([s, n]) => [CASE_STATUS_LABELS[s as keyof typeof CASE_STATUS_LABELS] ?? s, n]),
    },
    {
      name: "Personaltimmar",
      columns: [
        { header: "Funktion eller svarsgrupp", width: 34 },
        { header: "Bokningar", width: 12 },
        { header: "Arbetade timmar", width: 16 },
        { header: "Planerade timmar", width: 16 },
      ],
      rows: [
        ...r.staffHours.roles.map((s) => [s.label, s.bookings, hours(s.workedMinutes), hours(s.plannedMinutes)]),
        ["Alla", r.staffHours.totals.bookings, hours(r.staffHours.totals.workedMinutes), hours(r.staffHours.totals.plannedMinutes)],
      ],
    },
  ];
}

/** Rows whose first cell names a share (0–1) get the percent format. */
const isShareRow = (row: Cell[]) => typeof row[0] === "string" && row[0].endsWith("(%)");

export async function sheetsToXlsx(sheets: SheetSpec[], meta: { title: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Rullar ut";
  workbook.title = meta.title;
  workbook.created = new Date();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(sheetName(spec.name), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = spec.columns.map((col) => ({ header: col.header, width: col.width ?? 16 }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    spec.columns.forEach((col, i) => {
      if (neutralise(col.header).text) header.getCell(i + 1).numFmt = "@";
    });
    for (const row of spec.rows) {
      const added = sheet.addRow(row.map((cell) => neutralise(cell).value));
      row.forEach((cell, i) => {
        const target = added.getCell(i + 1);
        if (neutralise(cell).text) target.numFmt = "@";
        else if (typeof cell === "number" && (spec.columns[i]?.percent || isShareRow(row))) target.numFmt = "0.0 %";
      });
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}

/** A cell's value for exceljs: strings stay strings (never { formula }); `text` marks formula-like text. */
function neutralise(cell: Cell): { value: string | number | null; text: boolean } {
  if (typeof cell === "string") return { value: cell, text: FORMULA_START.test(cell) };
  return { value: cell, text: false };
}

export function reportToXlsx(figures: ReportFigures): Promise<Buffer> {
  return sheetsToXlsx(reportSheets(figures), { title: `Rapport ${figures.period.label}` });
}
