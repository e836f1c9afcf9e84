import type { ReactNode } from "react";
import type { DatePart, DateParts } from "~/domain/date-parts.ts";
import { HintAndError, describedBy } from "./field.tsx";

const BOX = "block border-2 border-ink px-2 py-1.5 text-lg";
const WIDTHS: Record<DatePart, string> = { day: "w-[3.5em]", month: "w-[3.5em]", year: "w-[5.5em]" };
const LABELS: Record<DatePart, string> = { day: "Day", month: "Month", year: "Year" };

/**
 * The GOV.UK date input: a fieldset of Day, Month and Year boxes, in UK order, named `name.day`, `name.month`
 * and `name.year` (read back by `readDateParts`). Never a native date picker, which shows mm/dd/yyyy in an
 * English-US browser and turns 01/09/2026 into 9 January without a word.
 *
 * The Day box is named "<legend> Day": the error summary links there, and a screen reader that does not
 * announce the fieldset's legend when focus arrives by a link would otherwise say only "Day".
 */
export function DateInput({
  id,
  name,
  legend,
  hint,
  value,
  error,
  errorParts,
  legendSize = "s",
}: {
  id: string;
  name: string;
  legend: string;
  hint?: ReactNode;
  value?: DateParts;
  error?: string;
  /** The boxes the error is about (all three when not said). */
  errorParts?: DatePart[];
  legendSize?: "s" | "m";
}) {
  const errors = error ? [error] : undefined;
  const marked = (part: DatePart) => Boolean(error) && (!errorParts || errorParts.length === 0 || errorParts.includes(part));
  return (
    <div className={`mb-6 ${error ? "border-l-[5px] border-error pl-4" : ""}`}>
      <fieldset role="group" aria-describedby={describedBy(id, hint, errors)}>
        <legend id={`${id}-legend`} className={`mb-1 font-bold ${legendSize === "m" ? "text-2xl" : ""}`}>{legend}</legend>
        <HintAndError id={id} hint={hint} errors={errors} />
        <div className="flex flex-wrap gap-4">
          {(["day", "month", "year"] as const).map((part) => (
            <div key={part}>
              <label id={`${id}-${part}-label`} htmlFor={part === "day" ? id : `${id}-${part}`} className="mb-1 block">
                {LABELS[part]}
              </label>
              <input
                id={part === "day" ? id : `${id}-${part}`}
                name={`${name}.${part}`}
                type="text"
                aria-labelledby={part === "day" ? `${id}-legend ${id}-day-label` : undefined}
                inputMode="numeric"
                autoComplete="off"
                defaultValue={value?.[part] ?? ""}
                aria-invalid={marked(part) ? true : undefined}
                className={`${BOX} ${WIDTHS[part]} ${marked(part) ? "border-error" : ""}`}
              />
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
