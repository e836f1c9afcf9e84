import { useEffect, useRef } from "react";
import { useShowsPageErrors } from "../page-errors.ts";
import { InPageLink } from "./in-page-link.tsx";

export interface ErrorItem {
  /** The id of the field the message is about; the link moves focus there. */
  fieldId?: string;
  message: string;
}

/**
 * GOV.UK error summary: at the top of the page, focused when it appears, each message linking to its field.
 * While it shows errors the page's title starts "Error: " (page-errors.ts).
 */
export function ErrorSummary({ errors }: { errors: ErrorItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useShowsPageErrors(errors.length > 0);
  const key = errors.map((e) => e.message).join("|");
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} aria-labelledby="error-summary-title" className="mb-8 border-[5px] border-error p-4">
      <div role="alert">
        <h2 id="error-summary-title" className="mb-4 text-2xl font-bold">
          There is a problem
        </h2>
        <ul className="space-y-2">
          {errors.map((error, i) => (
            <li key={i}>
              {error.fieldId ? (
                <InPageLink targetId={error.fieldId} className="font-bold !text-error">
                  {error.message}
                </InPageLink>
              ) : (
                <span className="font-bold text-error">{error.message}</span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
