/**
 * CSV for the yearly report's exports (issue 7), the way docs/decisions/012 sets out:
 * UTF-8 with a BOM so Excel reads å, ä, ö; semicolons, as Swedish Excel expects (the decimal
 * comma makes "," a poor separator); CRLF line ends; quoting per RFC 4180 by csv-stringify.
 * Text that a spreadsheet would run as a formula is neutralised with a leading apostrophe,
 * while numbers (also negative ones) stay numbers. Pure: safe to import in browser code.
 */
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null;

/** A spreadsheet treats text starting with these as a formula (or, for tab and CR, may shift it into one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that would start a formula gets a leading apostrophe; numbers and empty cells are left alone. */
export function neutraliseCell(cell: CsvCell): CsvCell {
  if (typeof cell === "string" && FORMULA_START.test(cell)) return `'${cell}`;
  return cell;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    {
      bom: true,
      delimiter: ";",
      record_delimiter: "\r\n",
      // Cells with a line break are quoted too (csv-stringify quotes the delimiter and quotes already).
      quoted_match: /[\r\n;"]/,
      cast: { number: (n) => String(n) },
    },
  );
}
