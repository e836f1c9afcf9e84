import { stringify } from "csv-stringify/sync";

/** A cell as the portal writes it: text, a number, or nothing. */
export type CsvCell = string | number | null;

// A spreadsheet treats a cell that starts with = + - @ (or a tab or carriage return, which some programs
// strip before looking) as a formula: a pupil's name or a scheme's title typed as `=HYPERLINK(...)` would run
// when the file is opened. Such text cells get a leading single quote, which makes Excel and LibreOffice
// show the text as typed. A cell that is just a number (`-1250.50`, a negative balance) is left alone: it
// cannot be a formula, and quoting it would turn the figure into text.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The cell made safe to open in a spreadsheet (OWASP "CSV injection"). */
export function neutraliseCell(value: CsvCell): CsvCell {
  if (typeof value !== "string") return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * Rows as CSV for Excel: a byte-order mark (so names with accents open correctly), CRLF line ends, quoting
 * where needed, and every cell through neutraliseCell.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header, ...rows].map((row) => row.map(neutraliseCell)), { bom: true, record_delimiter: "windows" });
}
