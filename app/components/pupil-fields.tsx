import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { DateField } from "./date-field.tsx";
import { formatDate } from "./format.ts";
import { RadiosField, SelectField, TextField } from "./ui/field.tsx";
import { SEN_PROVISIONS, SEN_PROVISION_LABELS, YEAR_GROUPS, yearGroupLabel } from "~/domain/pupils/pupil-codes.ts";

type Field = FieldMetadata<string | undefined>;

export interface PupilFieldSet {
  firstName: Field;
  lastName: Field;
  dateOfBirth: FieldMetadata<unknown>;
  upn: Field;
  yearGroup: Field;
  senProvision: Field;
  primaryNeed: Field;
  secondaryNeed: Field;
  dateAdded: FieldMetadata<unknown>;
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

/**
 * "Saved as 14 March 2019": on a change form, the date as stored, in words beside the boxes (they show what
 * was typed once a change is refused). The machine-readable ISO date rides along in <data>.
 */
export function SavedDate({ iso }: { iso: string | null | undefined }): ReactNode {
  if (!iso) return null;
  return (
    <>
      Saved as <data value={iso}>{formatDate(iso)}</data>.{" "}
    </>
  );
}

/** A pupil's record as form fields, shared by the add and change pages. Needs come from the council's list. */
export function PupilFields({
  fields,
  needs,
  dateAddedHint,
  saved,
}: {
  fields: PupilFieldSet;
  needs: { code: string; name: string }[];
  dateAddedHint: string;
  /** On the change page: the dates as stored. */
  saved?: { dateOfBirth: string; dateAdded: string | null };
}) {
  const needOptions = needs.map((n) => ({ value: n.code, label: `${n.name} (${n.code})` }));
  return (
    <>
      <TextField field={fields.firstName} label="Legal first name" autoComplete="off" spellCheck={false} />
      <TextField field={fields.lastName} label="Legal last name" autoComplete="off" spellCheck={false} />
      <DateField
        field={fields.dateOfBirth}
        legend="Date of birth"
        label="date of birth"
        hint={
          <>
            <SavedDate iso={saved?.dateOfBirth} />
            For example, 27 3 2017
          </>
        }
      />
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
      <DateField
        field={fields.dateAdded}
        legend="Date added to the register"
        label="date added"
        hint={
          <>
            <SavedDate iso={saved?.dateAdded} />
            {dateAddedHint}
          </>
        }
      />
    </>
  );
}
