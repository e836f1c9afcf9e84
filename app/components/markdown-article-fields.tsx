import type { FieldMetadata } from "@conform-to/react";
import { CheckboxesField, SelectField, TextAreaField, TextField } from "./ui/field.tsx";

/** A guidance article's questions, for writing one and changing one (ADR 54). */
export interface ArticleFieldSet {
  title: FieldMetadata<string | undefined>;
  summary: FieldMetadata<string | undefined>;
  body: FieldMetadata<string | undefined>;
  needCodes: FieldMetadata<string[] | undefined>;
  topicCodes: FieldMetadata<string[] | undefined>;
  ownerUserId: FieldMetadata<string | undefined>;
}

export function articleFieldIds(fields: ArticleFieldSet) {
  return {
    title: fields.title.id,
    summary: fields.summary.id,
    body: fields.body.id,
    needCodes: fields.needCodes.id,
    topicCodes: fields.topicCodes.id,
    ownerUserId: fields.ownerUserId.id,
  };
}

export interface ArticleChoices {
  needs: { code: string; name: string }[];
  topics: { code: string; name: string }[];
  owners: { id: number; name: string }[];
}

export function MarkdownArticleFields({ fields, choices }: { fields: ArticleFieldSet; choices: ArticleChoices }) {
  return (
    <>
      <TextField field={fields.title} label="Title" hint="Say what it helps with, for example: Autism-friendly classrooms" />
      <TextAreaField field={fields.summary} label="Summary" hint="One or two sentences. Readers see it in the list and in search results." rows={3} />
      <TextAreaField
        field={fields.body}
        label="Article"
        hint={
          <>
            Written in Markdown: <code>## Heading</code>, <code>**bold**</code>, <code>- a list item</code>, <code>[a link](https://www.kelsi.org.uk)</code>. HTML and
            images are not shown.
          </>
        }
        rows={20}
      />
      <CheckboxesField
        field={fields.needCodes}
        legend="Areas of need it is about"
        hint="Select all that apply, or none if it is about every need."
        options={choices.needs.map((n) => ({ value: n.code, label: `${n.name} (${n.code})` }))}
      />
      <CheckboxesField field={fields.topicCodes} legend="Topics" hint="Select all that apply." options={choices.topics.map((t) => ({ value: t.code, label: t.name }))} />
      <SelectField
        field={fields.ownerUserId}
        label="Owner"
        hint="The champion or officer who keeps it up to date and reviews it each year."
        options={choices.owners.map((o) => ({ value: String(o.id), label: o.name }))}
      />
    </>
  );
}
