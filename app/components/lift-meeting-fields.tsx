import type { FieldMetadata } from "@conform-to/react";
import { DateField } from "./date-field.tsx";
import { SelectField, TextField } from "./ui/field.tsx";
import { H2 } from "./ui/typography.tsx";

/** A LIFT meeting's questions (ADR 43), for adding one, changing one, and a term's meetings. Times are London's. */
type Text = FieldMetadata<string | undefined>;

export const TIME_HINT = "On the 24-hour clock or with am or pm, for example, 09:30 or 2pm";

export function GroupField({ field, groups, label = "LIFT group" }: { field: Text; groups: { value: string; label: string }[]; label?: string }) {
  return <SelectField field={field} label={label} placeholder="Select a group" options={groups} />;
}

/** Times, where and the cap: the same for one meeting and for a term's. */
export function MeetingPlaceFields({ fields }: { fields: { startTime: Text; endTime: Text; venue: Text; onlineUrl: Text; cap: Text } }) {
  return (
    <>
      <TextField field={fields.startTime} label="Start time" hint={TIME_HINT} width="w-[8em]" />
      <TextField field={fields.endTime} label="End time" width="w-[8em]" />
      <H2>Where</H2>
      <TextField field={fields.venue} label="Venue (if it meets in person)" hint="For example, Maidstone STLS base" />
      <TextField field={fields.onlineUrl} label="Online link (if it meets online)" hint="A full web address starting with https://" spellCheck={false} />
      <H2>Referrals</H2>
      <TextField field={fields.cap} label="Most referrals a school may send to a meeting" hint="From 1 to 50. Leave empty for 3" inputMode="numeric" width="w-[6em]" />
    </>
  );
}

/** One meeting's date and papers-due day. */
export function MeetingDateFields({ fields }: { fields: { date: FieldMetadata<unknown>; papersDueOn: FieldMetadata<unknown> } }) {
  return (
    <>
      <H2>When</H2>
      <DateField field={fields.date} legend="Date of the meeting" hint="For example, 19 1 2027" label="the date of the meeting" />
      <DateField
        field={fields.papersDueOn}
        legend="Papers due (optional)"
        hint="The last day schools can send referrals for this meeting. Leave empty for the Wednesday before the meeting"
        label="the papers-due date"
      />
    </>
  );
}

export const MEETING_FIELD_ORDER = ["groupId", "date", "papersDueOn", "startTime", "endTime", "venue", "onlineUrl", "cap"] as const;
