import type { FieldMetadata } from "@conform-to/react";
import { DateField } from "./date-field.tsx";
import { RadiosField, SelectField, TextField } from "./ui/field.tsx";
import { YEAR_GROUPS, yearGroupLabel } from "~/domain/pupils/pupil-codes.ts";
import { academicYearLabel, SRP_STATUS_LABELS, SRP_STATUSES } from "~/domain/provision/provision-codes.ts";

/** The register's questions about an SRP (issue 11), for adding one and changing one alike. */
export function SrpFields({
  fields,
  options,
}: {
  fields: Record<"designation" | "firstYearGroup" | "lastYearGroup" | "status" | "academicYear" | "commissionedPlaces", FieldMetadata<string | undefined>> & { openedOn: FieldMetadata<unknown> };
  options: { designations: { code: string; name: string }[]; academicYears: number[] };
}) {
  const years = YEAR_GROUPS.map((y) => ({ value: y, label: yearGroupLabel(y) }));
  return (
    <>
      <SelectField field={fields.designation} label="Designation" options={options.designations.map((d) => ({ value: d.code, label: `${d.code}: ${d.name}` }))} placeholder="Select the designation" />
      <SelectField field={fields.firstYearGroup} label="First year group served" options={years} placeholder="Select a year group" />
      <SelectField field={fields.lastYearGroup} label="Last year group served" options={years} placeholder="Select a year group" />
      <DateField field={fields.openedOn} legend="Date the SRP opened" label="opening date" hint="For example, 1 9 2021" />
      <RadiosField field={fields.status} legend="Status" options={SRP_STATUSES.map((s) => ({ value: s, label: SRP_STATUS_LABELS[s] }))} inline />
      <SelectField field={fields.academicYear} label="Academic year of the places" options={options.academicYears.map((y) => ({ value: String(y), label: academicYearLabel(y) }))} />
      <TextField field={fields.commissionedPlaces} label="Places commissioned that year" inputMode="numeric" width="w-24" spellCheck={false} />
    </>
  );
}
