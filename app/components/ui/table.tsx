import type { ReactNode } from "react";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** The one table: a caption, headed columns, and a message when there are no rows. Scrolls sideways at 320 px. */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty = "There is nothing to show.",
}: {
  caption: ReactNode;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  empty?: string;
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
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="mb-8 overflow-x-auto" role="region" aria-label={typeof caption === "string" ? caption : undefined} tabIndex={0}>
      {/* Cell styles are set once on the table, not repeated on every cell: long lists stay small to send and render. */}
      <table className="w-full border-collapse text-left [&_td]:border-b [&_td]:border-border [&_td]:py-2 [&_td]:pr-4 [&_td]:align-top [&_th]:border-b [&_th]:border-border [&_th]:py-2 [&_th]:pr-4 [&_th]:font-bold">
        <caption className="mb-2 text-left text-2xl font-bold">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? "text-right" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? "text-right tabular-nums" : undefined}>
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
