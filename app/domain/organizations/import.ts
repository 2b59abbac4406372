import { stringify } from "csv-stringify/sync";
import type { ZodError } from "zod";
import { ORGANIZATION_KINDS, type OrganizationKind } from "#db/enums";
import { nameKey } from "~/domain/areas/schemas";
import { formatIssue, neutraliseCell, readCsvRecords, unneutraliseCell } from "~/domain/areas/transfer";
import { ORGANIZATION_CSV_COLUMNS, ORGANIZATION_KIND_LABELS } from "./labels";
import { contactSchema, newOrganizationSchema, type ContactInput } from "./schemas";

/**
 * Organizations (byalag, föreningar) with one contact each, read from a CSV file that a person
 * fills in from the template. Pure, so the page can offer the template without the server; the
 * verb that writes is in import.server.ts. Cells are held to the same rules as the forms
 * (newOrganizationSchema, contactSchema), and every problem is reported with its row, the
 * header being row 1.
 */

export { ORGANIZATION_CSV_COLUMNS };
export type OrganizationCsvColumn = (typeof ORGANIZATION_CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly OrganizationCsvColumn[] = ["namn", "typ", "ort"];

/** At most this many organizations in one file. */
export const ORGANIZATION_IMPORT_MAX_ROWS = 500;

/** Header texts people write for a column, besides its own name (compared trimmed and lower-cased). */
const COLUMN_ALIASES: Record<string, OrganizationCsvColumn> = {
  epost: "e-post",
  "e-postadress": "e-post",
  epostadress: "e-post",
  "e-mail": "e-post",
  email: "e-post",
  telefonnummer: "telefon",
  webbadress: "webbplats",
  hemsida: "webbplats",
};

function columnOf(header: string): OrganizationCsvColumn | undefined {
  const key = header
    .replace(/^\uFEFF/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLocaleLowerCase("sv");
  return (ORGANIZATION_CSV_COLUMNS as readonly string[]).includes(key) ? (key as OrganizationCsvColumn) : COLUMN_ALIASES[key];
}

/** One organization read from the file, ready to be written. */
export type ParsedOrganization = {
  /** The row in the file (the header is row 1). */
  row: number;
  name: string;
  kind: OrganizationKind;
  areaId: string;
  /** Normalised ("www.x.se" → "https://www.x.se/"), or null. */
  website: string | null;
  /** Checked as the contact form checks it; null when the row names no contact. */
  contact: ContactInput | null;
};

export type OrganizationCsvResult = { ok: true; rows: ParsedOrganization[] } | { ok: false; issues: string[] };

// --- The template ------------------------------------------------------------------------------

/** Example rows with clearly made-up data: example.org addresses, numbers from PTS's series for fiction. */
const TEMPLATE_ROWS: readonly (readonly string[])[] = [
  [
    "Exempelby byalag",
    ORGANIZATION_KIND_LABELS.byalag,
    "Exempelby",
    "https://www.example.org/exempelby-byalag",
    "Anna Exempelsson",
    "Ordförande",
    "anna.exempelsson@example.org",
    "070-174 06 05",
  ],
  ["Exempelby hembygdsförening", ORGANIZATION_KIND_LABELS.hembygdsforening, "Exempelby", "", "Erik Exempelsson", "Kassör", "", "070-174 06 06"],
];

/** The file to fill in: the header and two example rows, semicolon separated, UTF-8 with BOM, CRLF (as areasToCsv). */
export function organizationCsvTemplate(): string {
  return stringify([[...ORGANIZATION_CSV_COLUMNS], ...TEMPLATE_ROWS.map((r) => r.map(neutraliseCell))], {
    bom: true,
    delimiter: ";",
    record_delimiter: "\r\n",
    quoted_match: /[\r\n;]/,
  });
}

// --- Values ------------------------------------------------------------------------------------

const KIND_BY_TEXT = new Map<string, OrganizationKind>([
  ...ORGANIZATION_KINDS.map((k) => [k, k] as const),
  ...ORGANIZATION_KINDS.map((k) => [ORGANIZATION_KIND_LABELS[k].toLocaleLowerCase("sv"), k] as const),
  ["annat", "other"],
  ["annan", "other"],
]);

const KIND_CHOICES = "Byalag, Byaförening, Hembygdsförening, Förening eller Annat";

/** "a", "a och b", "a, b och c" */
function svList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} och ${items.at(-1)}`;
}

const quoted = (s: string) => `”${s}”`;
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase("sv") + s.slice(1);

const CONTACT_COLUMN_OF: Record<string, OrganizationCsvColumn> = { name: "kontaktperson", role: "roll", email: "e-post", phone: "telefon" };

type Cells = Partial<Record<OrganizationCsvColumn, string>>;

/** Checks one row; pushes its problems to `issues` and returns the organization when it has none. */
function parseRow(cells: Cells, row: number, areaNames: ReadonlyMap<string, string>, issues: string[]): ParsedOrganization | null {
  const before = issues.length;
  const where = `Rad ${row}`;
  const bad = (field: OrganizationCsvColumn, message: string) => issues.push(formatIssue({ where, field, message }));
  const firstMessage = (error: ZodError) => lowerFirst(error.issues[0]?.message ?? "ogiltigt värde");

  const nameText = (cells.namn ?? "").replace(/\s+/g, " ");
  const name = nameText ? newOrganizationSchema.shape.name.safeParse(nameText) : null;
  if (!name) bad("namn", "saknas");
  else if (!name.success) bad("namn", firstMessage(name.error));

  const kindText = cells.typ ?? "";
  const kind = KIND_BY_TEXT.get(kindText.toLocaleLowerCase("sv"));
  if (!kindText) bad("typ", `saknas (${KIND_CHOICES})`);
  else if (!kind) bad("typ", `${quoted(kindText)} är ingen typ som finns; skriv ${KIND_CHOICES}`);

  const ortText = (cells.ort ?? "").replace(/\s+/g, " ");
  const areaId = ortText ? areaNames.get(nameKey(ortText)) : undefined;
  if (!ortText) bad("ort", "saknas");
  else if (!areaId) issues.push(`${where}: ingen ort heter ${quoted(ortText)}. Lägg till orten under Områden eller rätta namnet.`);

  const website = newOrganizationSchema.shape.website.safeParse(cells.webbplats || undefined);
  if (!website.success) bad("webbplats", firstMessage(website.error));

  let contact: ContactInput | null = null;
  const contactCells = { name: cells.kontaktperson, role: cells.roll, email: cells["e-post"], phone: cells.telefon };
  if (Object.values(contactCells).some(Boolean)) {
    const parsed = contactSchema.safeParse({
      intent: "addContact",
      name: contactCells.name || undefined,
      role: contactCells.role || undefined,
      email: contactCells.email || undefined,
      phone: contactCells.phone || undefined,
    });
    if (!parsed.success) {
      const seen = new Set<OrganizationCsvColumn>();
      for (const issue of parsed.error.issues) {
        const field = CONTACT_COLUMN_OF[String(issue.path[0])] ?? "kontaktperson";
        if (seen.has(field)) continue;
        seen.add(field);
        bad(field, lowerFirst(issue.message));
      }
    } else if (parsed.data.intent === "addContact") {
      const { name: contactName, role, email, phone } = parsed.data;
      contact = { name: contactName, role, email, phone };
    }
  }

  if (issues.length > before || !name?.success || !kind || !areaId || !website.success) return null;
  return { row, name: name.data, kind, areaId, website: website.data, contact };
}

// --- Reading the file --------------------------------------------------------------------------

/**
 * Reads the organizations of a CSV file: semicolon or comma separated (told from the header),
 * columns in any order, headers in any case. `areaNames` maps an area's name, lower-cased as
 * `nameKey` does, to its id; `ort` must name one of them. All or nothing: any problem gives the
 * full list of problems and no rows.
 */
export function parseOrganizationsCsv(text: string, areaNames: ReadonlyMap<string, string>): OrganizationCsvResult {
  const read = readCsvRecords(text);
  if (!read.ok) return { ok: false, issues: [formatIssue(read.issue)] };
  const records = read.records;

  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { ok: false, issues: ["Filen har inga föreningar."] };

  // The header.
  const issues: string[] = [];
  const columns = headerRecord.cells.map(columnOf);
  headerRecord.cells.forEach((h, i) => {
    const column = columns[i];
    if (!h.trim()) issues.push(formatIssue({ where: "Rad 1", message: `kolumn ${i + 1} saknar rubrik` }));
    else if (!column) {
      issues.push(formatIssue({ where: "Rad 1", message: `okänd kolumn ${quoted(h.trim())} (kolumnerna heter ${ORGANIZATION_CSV_COLUMNS.join(", ")})` }));
    } else if (columns.indexOf(column) !== i) issues.push(formatIssue({ where: "Rad 1", message: `kolumnen ${quoted(column)} finns två gånger` }));
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    const what = missing.length === 1 ? `kolumnen ${quoted(missing[0]!)} saknas` : `kolumnerna ${svList(missing.map(quoted))} saknas`;
    issues.push(formatIssue({ where: "Rad 1", message: `${what}. Rubrikraden ska vara: ${ORGANIZATION_CSV_COLUMNS.join(";")}` }));
  }
  if (issues.length) return { ok: false, issues };

  // Spreadsheets often leave rows of empty cells at the end.
  const data = dataRecords.filter(({ cells }) => cells.some((c) => c.trim() !== ""));
  if (!data.length) return { ok: false, issues: ["Filen har inga föreningar."] };
  if (data.length > ORGANIZATION_IMPORT_MAX_ROWS) {
    return {
      ok: false,
      issues: [`Filen har ${data.length} föreningar; högst ${ORGANIZATION_IMPORT_MAX_ROWS} kan läsas in på en gång. Dela upp filen i flera.`],
    };
  }

  const rows: ParsedOrganization[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { cells: record, line: row } of data) {
    if (record.length !== columns.length) {
      issues.push(formatIssue({ where: `Rad ${row}`, message: `har ${record.length} fält men rubrikraden har ${columns.length}` }));
      continue;
    }
    const cells: Cells = {};
    columns.forEach((column, i) => {
      if (column) cells[column] = unneutraliseCell(record[i]!.trim()).trim();
    });
    // The second row with a name already used in the file is an error: which one should win?
    const key = cells.namn ? nameKey(cells.namn) : "";
    const first = key ? firstRowOf.get(key) : undefined;
    if (first !== undefined) {
      issues.push(formatIssue({ where: `Rad ${row}`, field: "namn", message: `samma namn som rad ${first}` }));
    } else if (key) firstRowOf.set(key, row);
    const parsed = parseRow(cells, row, areaNames, issues);
    if (parsed && first === undefined) rows.push(parsed);
  }
  return issues.length ? { ok: false, issues } : { ok: true, rows };
}
