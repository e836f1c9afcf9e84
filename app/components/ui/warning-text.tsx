import type { ReactNode } from "react";

/** GOV.UK warning text: an important instruction in bold beside a "!" icon, read out as "Warning". */
export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="mb-6 flex items-start gap-4 py-2">
      <span
        aria-hidden="true"
        className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-ink text-2xl font-bold leading-none text-white"
      >
        !
      </span>
      <strong className="pt-1 font-bold">
        <span className="sr-only">Warning: </span>
        {children}
      </strong>
    </div>
  );
}
