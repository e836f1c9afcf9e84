import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { DateInput } from "./ui/date-input.tsx";
import { readDateField, sentDateParts } from "~/domain/date-field.schema.ts";
import { isoToDateParts } from "~/domain/date-parts.ts";

/**
 * A Conform field shown as the GOV.UK date input. Its value is the three boxes (`name.day` ...) or, for a date
 * sent in one piece, that text in the Day box, exactly as it was sent. The boxes to mark red are worked out
 * again from what was typed, by the same reader the server used.
 */
export function DateField({
  field,
  legend,
  hint,
  label,
}: {
  field: FieldMetadata<unknown>;
  legend: string;
  hint?: ReactNode;
  /** How the schema names the date in its messages ("date of birth"). */
  label: string;
}) {
  const value = sentDateParts(field.initialValue);
  const error = field.errors?.join(". ");
  // With JavaScript the form keeps its live values in `value`; without, the server's reply sets `initialValue`.
  const reading = error ? readDateField(field.value ?? field.initialValue, label, { required: true, missing: "" }) : null;
  return (
    <DateInput
      key={field.key}
      id={field.id}
      name={field.name}
      legend={legend}
      hint={hint}
      value={value}
      error={error}
      errorParts={reading && !reading.ok ? reading.parts : undefined}
    />
  );
}

/** A stored ISO date as the date input's default value. */
export const dateDefault = (iso: string | null | undefined) => isoToDateParts(iso);
