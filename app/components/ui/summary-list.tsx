import type { ReactNode } from "react";

/** GOV.UK summary list: key, value and an optional action per row. */
export function SummaryList({ rows }: { rows: { key: string; value: ReactNode; action?: ReactNode }[] }) {
  return (
    <dl className="mb-8 border-t border-border">
      {rows.map((row) => (
        <div key={row.key} className="border-b border-border py-2 sm:flex sm:gap-4">
          <dt className="font-bold sm:w-1/3">{row.key}</dt>
          <dd className="sm:flex-1">{row.value}</dd>
          {row.action ? <dd className="sm:w-1/5 sm:text-right">{row.action}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
