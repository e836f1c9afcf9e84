import type { FieldMetadata } from "@conform-to/react";
import { CheckboxesField, SelectField, TextAreaField, TextField } from "./ui/field.tsx";

/** A course's questions, for adding one and changing one (ADR 38). */
export interface CourseFieldSet {
  programmeId: FieldMetadata<string | undefined>;
  title: FieldMetadata<string | undefined>;
  audience: FieldMetadata<string | undefined>;
  description: FieldMetadata<string | undefined>;
  needAreas: FieldMetadata<string[] | undefined>;
}

export function courseFieldIds(fields: CourseFieldSet) {
  return {
    programmeId: fields.programmeId.id,
    title: fields.title.id,
    audience: fields.audience.id,
    description: fields.description.id,
    needAreas: fields.needAreas.id,
  };
}

export function TrainingCourseFields({
  fields,
  programmes,
  needAreas,
}: {
  fields: CourseFieldSet;
  programmes: { id: number; name: string }[];
  needAreas: { name: string }[];
}) {
  return (
    <>
      <SelectField field={fields.programmeId} label="Programme" placeholder="Select a programme" options={programmes.map((p) => ({ value: String(p.id), label: p.name }))} />
      <TextField field={fields.title} label="Title" hint="For example, Making Sense of Autism" />
      <TextField field={fields.audience} label="Who it is for" hint="For example, all staff, or SENCOs and senior leaders" />
      <TextAreaField field={fields.description} label="Description (optional)" rows={6} />
      <CheckboxesField
        field={fields.needAreas}
        legend="Areas of need it is about"
        hint="Select all that apply. Schools filter the catalogue by these."
        options={needAreas.map((a) => ({ value: a.name, label: a.name }))}
      />
    </>
  );
}
