import type { FieldMetadata } from "@conform-to/react";
import { RadiosField, SelectField, TextField } from "./ui/field.tsx";
import { SEN_PROVISIONS, SEN_PROVISION_LABELS, YEAR_GROUPS, yearGroupLabel } from "~/domain/pupils/pupil-codes.ts";

type Field = FieldMetadata<string | undefined>;

export interface PupilFieldSet {
  firstName: Field;
  lastName: Field;
  dateOfBirth: Field;
  upn: Field;
  yearGroup: Field;
  senProvision: Field;
  primaryNeed: Field;
  secondaryNeed: Field;
  dateAdded: Field;
}

const FIELD_ORDER: (keyof PupilFieldSet)[] = [
  "firstName",
  "lastName",
  "dateOfBirth",
  "upn",
  "yearGroup",
  "senProvision",
  "primaryNeed",
  "secondaryNeed",
  "dateAdded",
];

/** The field ids in the order the form shows them, for the error summary. */
export function pupilFieldIds(fields: PupilFieldSet): Record<string, string> {
  // Conform's fieldset is a proxy that cannot be enumerated: the names are listed.
  return Object.fromEntries(FIELD_ORDER.map((name) => [name, fields[name].id]));
}

/** A pupil's record as form fields, shared by the add and change pages. Needs come from the council's list. */
export function PupilFields({
  fields,
  needs,
  dateAddedHint,
}: {
  fields: PupilFieldSet;
  needs: { code: string; name: string }[];
  dateAddedHint: string;
}) {
  const needOptions = needs.map((n) => ({ value: n.code, label: `${n.name} (${n.code})` }));
  return (
    <>
      <TextField field={fields.firstName} label="Legal first name" autoComplete="off" spellCheck={false} />
      <TextField field={fields.lastName} label="Legal last name" autoComplete="off" spellCheck={false} />
      <TextField field={fields.dateOfBirth} label="Date of birth" hint="For example, 27 March 2017" type="date" width="w-52" />
      <TextField
        field={fields.upn}
        label="Unique pupil number (UPN) (optional)"
        hint="13 characters: a letter then 12 digits, as on the school's records. Leave empty if the pupil does not have a permanent UPN yet."
        autoComplete="off"
        spellCheck={false}
        width="w-64"
      />
      <SelectField
        field={fields.yearGroup}
        label="Year group"
        placeholder="Select a year group"
        options={YEAR_GROUPS.map((y) => ({ value: y, label: yearGroupLabel(y) }))}
      />
      <RadiosField
        field={fields.senProvision}
        legend="SEN provision"
        options={SEN_PROVISIONS.map((p) => ({
          value: p,
          label: SEN_PROVISION_LABELS[p],
          hint: p === "E" ? "The pupil has an education, health and care plan" : "Support the school provides without an EHC plan",
        }))}
      />
      <SelectField field={fields.primaryNeed} label="Primary need" placeholder="Select the primary need" options={needOptions} />
      <SelectField
        field={fields.secondaryNeed}
        label="Secondary need (optional)"
        hint="Must be different from the primary need"
        placeholder="None"
        options={needOptions}
      />
      <TextField field={fields.dateAdded} label="Date added to the register" hint={dateAddedHint} type="date" width="w-52" />
    </>
  );
}
