import writeXlsxFile from "write-excel-file/node";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { currentFinancialYear, financialYearLabel } from "../financial-year.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { PublishedTable } from "./disclosure.server.ts";

/**
 * What the insight dashboards share: the districts filter (which rows are shown; the Kent figures stay the
 * county's), a published table as export rows, and the CSV and the workbook made of such tables.
 */

/**
 * What an export says of where its figures were read: nothing when they came from where reports read (the reporting
 * copy, or the main database when there is no copy); the page's sentence when the copy could not serve them (ADR 72).
 */
export function readFromLines(reading: Pick<Reading, "note">): string[] {
  return reading.note ? [reading.note] : [];
}

/** Years offered: this financial year and the four before it. */
export const YEARS_OFFERED = 5;

/** The financial years an officer may choose: this one and the four before it. */
export function insightYears(now = new Date()) {
  const current = currentFinancialYear(now);
  return Array.from({ length: YEARS_OFFERED }, (_, i) => ({ year: current - i, label: financialYearLabel(current - i), current: i === 0 }));
}

/** The year in the address (`?year=2025`) if it is one offered, else this one. */
export function yearChoiceOf(url: URL, now = new Date()) {
  const years = insightYears(now);
  const year = Number(url.searchParams.get("year"));
  return years.some((y) => y.year === year) ? year : years[0]!.year;
}

export interface Sheet {
  name: string;
  header: string[];
  rows: CsvCell[][];
}

/** Every district in Kent, an area of it, or one district: the options, the one chosen, and the rows it keeps. */
export function placeChoice(districts: { code: string; name: string; area: string }[], chosen: string) {
  const areas = [...new Set(districts.map((d) => d.area))].sort();
  const [kind, value] = chosen.split(":");
  const place = (kind === "area" && areas.includes(value!)) || (kind === "district" && districts.some((d) => d.code === value)) ? chosen : "";
  const keep = districts.flatMap((d, i) => (place === "" || (kind === "area" ? d.area === value : d.code === value) ? [i] : []));
  const places = [
    { value: "", label: "Every district in Kent" },
    ...areas.map((a) => ({ value: `area:${a}`, label: `${a} Kent` })),
    ...districts.map((d) => ({ value: `district:${d.code}`, label: d.name })),
  ];
  return { place, keep, places, label: places.find((p) => p.value === place)!.label };
}

/** Only the rows kept; the Kent figures (column totals, grand total) stay the county's. */
export function rowsOf(table: PublishedTable, keep: number[]): PublishedTable {
  return { ...table, rows: keep.map((i) => table.rows[i]!), cells: keep.map((i) => table.cells[i]!), rowTotals: table.rowTotals && keep.map((i) => table.rowTotals![i]!) };
}

/** A published table as a sheet: the rows kept, then Kent's. */
export function tableSheet(t: PublishedTable, name: string, first: string, keep: number[] = t.rows.map((_, i) => i)): Sheet {
  return {
    name,
    header: [first, ...t.columns, ...(t.rowTotals ? ["total"] : [])],
    rows: [...keep.map((i) => [t.rows[i]!, ...t.cells[i]!, ...(t.rowTotals ? [t.rowTotals[i]!] : [])]), ["Kent", ...t.columnTotals, ...(t.rowTotals ? [t.total] : [])]],
  };
}

/** The sheets as one CSV, each under its name, then what the figures are. */
export function sheetsCsv(sheets: Sheet[], about: string[]) {
  const rows: CsvCell[][] = [];
  for (const sheet of sheets) rows.push([sheet.name], sheet.header, ...sheet.rows, []);
  rows.push(...about.map((line) => [line]));
  const [header, ...rest] = rows;
  return toCsv(header!.map(String), rest);
}

/** The sheets as an Excel workbook (write-excel-file), one sheet a table, and one saying what they are. */
export async function sheetsXlsx(sheets: Sheet[], about: string[], cover: { name: string; first: boolean } = { name: "About these figures", first: false }) {
  const cell = (value: CsvCell) => (value === null ? null : typeof value === "number" ? { value, type: Number } : { value, type: String });
  const data = sheets.map((sheet) => ({
    data: [sheet.header.map((value) => ({ value, fontWeight: "bold" as const })), ...sheet.rows.map((row) => row.map(cell))],
    sheet: sheet.name,
    stickyRowsCount: 1,
    columns: sheet.header.map((_, j) => ({ width: j === 0 ? 26 : 16 })),
  }));
  const aboutSheet = { data: about.map((line) => [{ value: line, type: String }]), sheet: cover.name, columns: [{ width: 120 }] };
  return writeXlsxFile(cover.first ? [aboutSheet, ...data] : [...data, aboutSheet]).toBuffer();
}

/** The nearest-rank percentile of sorted values: the value at or below which p per cent of them fall. */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A CSV download's response: an attachment, never shown in the page. */
export function csvResponse({ filename, csv }: { filename: string; csv: string }) {
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` } });
}

/** A workbook download's response. */
export function xlsxResponse({ filename, bytes }: { filename: string; bytes: Buffer | Uint8Array }) {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.length),
    },
  });
}
