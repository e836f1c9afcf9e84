import type { ReactNode } from "react";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** A status column: it stays in view at the right edge while the columns between scroll (a 390 px phone). */
  status?: boolean;
  /**
   * A column the table can be sorted by: its header is a link (`href`, so sorting works without JavaScript) and
   * says how the rows are sorted now (`aria-sort` on the header: "ascending", "descending", or "none").
   */
  sort?: { href: string; direction: "ascending" | "descending" | "none" };
}

// Sticky cells need a background of their own, or the scrolled columns show through them.
const STICKY_FIRST = "sticky left-0 z-10 bg-white shadow-[1px_0_0_var(--color-border)]";
const STICKY_STATUS = "sticky right-0 z-10 bg-white pl-3 shadow-[-1px_0_0_var(--color-border)]";

function cellClass<Row>(column: Column<Row>, index: number, stickyFirstColumn: boolean, header = false): string | undefined {
  const classes = [
    column.numeric ? (header ? "text-right" : "num") : "",
    stickyFirstColumn && index === 0 ? STICKY_FIRST : "",
    column.status ? STICKY_STATUS : "",
  ].filter(Boolean);
  return classes.length ? classes.join(" ") : undefined;
}

/**
 * The one table: a caption, headed columns, and a message when there are no rows. Scrolls sideways at 320 px.
 * With `stickyFirstColumn` the first column (what the row is: a name, a reference) stays in view as the rest
 * scrolls, and a column marked `status` stays at the right edge, so a phone shows which row and its status.
 */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty = "There is nothing to show.",
  stickyFirstColumn = false,
}: {
  caption: ReactNode;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  empty?: string;
  stickyFirstColumn?: boolean;
}) {
  if (rows.length === 0) {
    return (
      <>
        <h2 className="mb-2 text-2xl font-bold">{caption}</h2>
        <p className="mb-8">{empty}</p>
      </>
    );
  }
  return (
    // A table wider than a 320 px screen scrolls; keyboard users need to focus the region to scroll it.
    // `relative`: screen-reader-only text in the cells (absolutely positioned) is then clipped by this region
    // too, instead of stretching the whole page sideways from where it sits in a wide table.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="relative mb-8 overflow-x-auto" role="region" aria-label={typeof caption === "string" ? caption : undefined} tabIndex={0}>
      {/* Cell styles are set once on the table, not repeated on every cell: long lists stay small to send and render. */}
      <table className="w-full border-collapse text-left [&_td]:border-b [&_td]:border-border [&_td]:py-2 [&_td]:pr-4 [&_td]:align-top [&_th]:border-b [&_th]:border-border [&_th]:py-2 [&_th]:pr-4 [&_th]:font-bold">
        <caption className="mb-2 text-left text-2xl font-bold">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={c.header} scope="col" className={cellClass(c, i, stickyFirstColumn, true)} aria-sort={c.sort?.direction}>
                {c.sort ? <SortLink header={c.header} {...c.sort} /> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c, i) => (
                <td key={c.header} className={cellClass(c, i, stickyFirstColumn)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A sortable column's header: a link to the table sorted by it, with an arrow for the order it is in now. */
function SortLink({ header, href, direction }: { header: string; href: string; direction: "ascending" | "descending" | "none" }) {
  return (
    <a href={href} className="!text-ink">
      {header}
      <span aria-hidden="true">{direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : ""}</span>
      {direction === "none" ? null : <span className="sr-only">{direction === "ascending" ? " (sorted ascending)" : " (sorted descending)"}</span>}
    </a>
  );
}
