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

/** Each row's figures and total, then Kent's: the column totals and the grand total. */
export function CountTable({ caption, first, table }: { caption: string; first: string; table: Crosstab }) {
  const rows = [
    ...table.rows.map((name, i) => ({ key: name, name, cells: table.cells[i]!, total: table.rowTotals?.[i] ?? null })),
    { key: "Kent", name: "Kent", cells: table.columnTotals, total: table.total },
  ];
  return (
    <Table
      caption={caption}
      rowKey={(r) => r.key}
      rows={rows}
      stickyFirstColumn
      columns={[
        { header: first, cell: (r) => (r.key === "Kent" ? <strong>Kent</strong> : r.name) },
        ...table.columns.map((c, j) => ({ header: c, numeric: true, cell: (r: (typeof rows)[number]) => figure(r.cells[j]) })),
        ...(table.rowTotals ? [{ header: "Total", numeric: true, cell: (r: (typeof rows)[number]) => figure(r.total) }] : []),
      ]}
    />
  );
}

export function FilterSelect({ id, label, value, options }: { id: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className="block border-2 border-ink px-2 py-1.5">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
