import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { Table } from "~/components/ui/table.tsx";

/** The insight dashboards' shared pieces: a published table of counts ("c" where withheld) and a filter's select. */

type Figure = number | string | null | undefined;
export const figure = (v: Figure) => (v === null || v === undefined ? "–" : typeof v === "number" ? v.toLocaleString("en-GB") : v);
export const money = (v: Figure) => (typeof v === "number" ? `£${v.toLocaleString("en-GB", { maximumFractionDigits: 0 })}` : figure(v));
export const percent = (v: Figure) => (typeof v === "number" ? `${v}%` : figure(v));

export interface Crosstab {
  rows: string[];
  columns: string[];
  cells: (number | string)[][];
  rowTotals: (number | string)[] | null;
  columnTotals: (number | string)[];
  total: number | string;
}

/** Each row's figures and total, then Kent's (or the group `totalLabel` names): the column totals and the grand total. */
export function CountTable({ caption, first, table, totalLabel = "Kent" }: { caption: string; first: string; table: Crosstab; totalLabel?: string }) {
  const lines = [
    ...table.rows.map((name, i) => ({ name, cells: table.cells[i]!, total: table.rowTotals?.[i] ?? null })),
    { name: totalLabel, cells: table.columnTotals, total: table.total, strong: true },
  ];
  return <CellLinesTable caption={caption} first={first} columns={table.columns} lines={lines} withTotal={table.rowTotals !== null} />;
}

export function FilterSelect({ id, label, value, options }: { id: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    // At most as wide as the screen (WCAG 1.4.10 reflow), as the funding queue's filters are.
    <div className="max-w-full">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Named lines of figures under the same columns, each with its total (unless `withTotal` is false: a table of one
 * column): a district's beside the rest of Kent's, or a table's rows and its totals (a `strong` line, in bold).
 */
export function CellLinesTable({
  caption,
  first,
  columns,
  lines,
  withTotal = true,
}: {
  caption: string;
  first: string;
  columns: string[];
  lines: { name: string; cells: Figure[]; total: Figure; strong?: boolean }[];
  withTotal?: boolean;
}) {
  return (
    <Table
      caption={caption}
      rowKey={(r) => r.name}
      rows={lines}
      stickyFirstColumn
      columns={[
        { header: first, cell: (r) => (r.strong ? <strong>{r.name}</strong> : r.name) },
        ...columns.map((c, j) => ({ header: c, numeric: true, cell: (r: (typeof lines)[number]) => figure(r.cells[j]) })),
        ...(withTotal ? [{ header: "Total", numeric: true, cell: (r: (typeof lines)[number]) => figure(r.total) }] : []),
      ]}
    />
  );
}

/** A table of named lines (districts, programmes, focus areas), the last of them Kent's, each column one figure. */
export function LinesTable<Line extends { name: string }>({
  caption,
  first,
  lines,
  columns,
}: {
  caption: string;
  first: string;
  lines: Line[];
  columns: { header: string; value: (line: Line) => Figure }[];
}) {
  return (
    <Table
      caption={caption}
      rowKey={(r) => r.name}
      rows={lines}
      stickyFirstColumn
      columns={[{ header: first, cell: (r) => (r.name === "Kent" ? <strong>Kent</strong> : r.name) }, ...columns.map((c) => ({ header: c.header, numeric: true, cell: (r: Line) => figure(c.value(r)) }))]}
    />
  );
}

/** The dashboards' filter form: a financial year, and whatever else the dashboard offers (`children`). */
export function InsightFilters({ year, years, button = "Show figures", children }: { year: number; years: { year: number; label: string; current: boolean }[]; button?: string; children?: React.ReactNode }) {
  return (
    <Form method="get" className="mb-8 flex flex-wrap items-end gap-4" role="search" aria-label="Choose the figures">
      <FilterSelect id="year" label="Financial year" value={String(year)} options={years.map((y) => ({ value: String(y.year), label: `${y.label}${y.current ? " (this year)" : ""}` }))} />
      {children}
      <Button variant="secondary" className="!mb-0">
        {button}
      </Button>
    </Form>
  );
}

/** The dashboard's downloads: its tables as CSV and as a workbook, for the same choice as the page. */
export function Downloads({ path, query }: { path: string; query: string }) {
  const q = query ? `?${query}` : "";
  return (
    <ul className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
      <li>
        <a href={`${path}.csv${q}`} download>
          Download these figures as CSV
        </a>
      </li>
      <li>
        <a href={`${path}.xlsx${q}`} download>
          Download these figures as Excel (XLSX)
        </a>
      </li>
    </ul>
  );
}

/** An Inclusion Champions line: visits, the schools visited, and the actions agreed at them (staff records, exact). */
export type ChampionLine = { name: string; visits: number; schools: number; actions: number; open: number; overdue: number; done: number };
export const CHAMPION_COLUMNS = [
  { header: "Visits", value: (l: ChampionLine) => l.visits },
  { header: "Schools visited", value: (l: ChampionLine) => l.schools },
  { header: "Actions agreed", value: (l: ChampionLine) => l.actions },
  { header: "Open", value: (l: ChampionLine) => l.open },
  { header: "Overdue", value: (l: ChampionLine) => l.overdue },
  { header: "Done", value: (l: ChampionLine) => l.done },
];
