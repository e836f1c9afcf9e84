import type { FieldMetadata } from "@conform-to/react";
import { PUPIL_RULES, PUPIL_RULE_TEXT } from "~/domain/funding/pupil-rules.ts";
// Zod-free, as everything a page's script imports must be (tests/integration/bundle.test.ts).
import { TARGET_WORKING_DAYS } from "~/domain/funding/casework/service-level.ts";
import { RadiosField, TextAreaField, TextField } from "./ui/field.tsx";

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

/** A funding scheme's name, description and rules, shared by "add a scheme" and "change a scheme". */
export function FundingSchemeFields({
  fields,
}: {
  fields: {
    name: FieldMetadata<string | undefined>;
    description: FieldMetadata<string | undefined>;
    requiresPupil: FieldMetadata<string | undefined>;
    pupilRule: FieldMetadata<string | undefined>;
    contributionApplies: FieldMetadata<string | undefined>;
    contribution: FieldMetadata<string | undefined>;
    reviewsPerYear: FieldMetadata<string | undefined>;
    targetWorkingDays: FieldMetadata<string | undefined>;
    checklist: FieldMetadata<string | undefined>;
  };
}) {
  return (
    <>
      <TextField field={fields.name} label="Name" hint="As schools will see it, for example High Needs Funding (mainstream, no EHC plan)" />
      <TextAreaField field={fields.description} label="Description (optional)" hint="Who the scheme is for and what it pays for" rows={3} />
      <RadiosField field={fields.requiresPupil} legend="Must a request name a pupil?" options={YES_NO} inline />
      <RadiosField field={fields.pupilRule} legend="Which pupils can a request name?" options={PUPIL_RULES.map((rule) => ({ value: rule, label: PUPIL_RULE_TEXT[rule].label }))} />
      <RadiosField
        field={fields.contributionApplies}
        legend="Does the school contribution apply?"
        hint="The school meets this much of each pupil's support from its notional SEN budget before the award"
        options={YES_NO}
        inline
      />
      <TextField
        field={fields.contribution}
        label="School contribution per pupil, in pounds"
        hint="For example 6,000. Needed when the school contribution applies."
        inputMode="decimal"
        prefix="£"
        width="w-full sm:w-48"
        autoComplete="off"
      />
      <TextField
        field={fields.reviewsPerYear}
        label="Reviews a year"
        hint="How often the school reviews an award, from 0 to 12; spread over the award period (Kent's High Needs Funding: 3)"
        inputMode="numeric"
        width="w-full sm:w-24"
        autoComplete="off"
      />
      <TextField
        field={fields.targetWorkingDays}
        label="Target working days to decide"
        hint={`The service level: working days from the headteacher's sign-off to the council's decision, from ${TARGET_WORKING_DAYS.min} to ${TARGET_WORKING_DAYS.max}; weekends and bank holidays do not count. Each request's due date is set when it is sent, so requests already sent keep theirs: a change applies to requests sent from now on.`}
        inputMode="numeric"
        width="w-full sm:w-24"
        autoComplete="off"
      />
      <TextAreaField
        field={fields.checklist}
        label="Evidence checklist"
        hint="One item per line. Schools answer each item with how they meet it. An item you reword becomes a new item; answers already given stay with the old wording."
        rows={10}
      />
    </>
  );
}
