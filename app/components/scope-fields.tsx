import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextField } from "./ui/field.tsx";
import { ROLES, ROLE_LABELS } from "~/domain/access/roles.ts";

/** The role and where it applies (school URN, champion's schools, STLS district), shared by create and edit. */
export function ScopeFields({
  fields,
  districts,
}: {
  fields: {
    role: FieldMetadata<string | undefined>;
    schoolUrn: FieldMetadata<string | undefined>;
    championUrns: FieldMetadata<string | undefined>;
    districtCode: FieldMetadata<string | undefined>;
  };
  districts: { code: string; name: string }[];
}) {
  return (
    <>
      <SelectField
        field={fields.role}
        label="Role"
        placeholder="Select a role"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
      <TextField
        field={fields.schoolUrn}
        label="School URN (SENCO or headteacher)"
        hint="The 6-digit unique reference number of the school they work at"
        inputMode="numeric"
        width="w-40"
      />
      <TextField
        field={fields.championUrns}
        label="Schools' URNs (Inclusion Champion)"
        hint="The 6-digit URN of each school they are assigned to, separated by commas"
      />
      <SelectField
        field={fields.districtCode}
        label="District (STLS specialist teacher)"
        placeholder="Select a district"
        options={districts.map((d) => ({ value: d.code, label: d.name }))}
      />
    </>
  );
}
