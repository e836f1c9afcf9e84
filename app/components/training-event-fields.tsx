import type { FieldMetadata } from "@conform-to/react";
import { DateField, dateDefault } from "./date-field.tsx";
import { SelectField, TextField } from "./ui/field.tsx";
import { H2 } from "./ui/typography.tsx";
import { londonDateAndTime } from "../domain/london-time.ts";
import { penceToInput } from "~/domain/money.ts";

/** An event's questions, for adding one and changing one (ADR 38): times are London's. */
type Text = FieldMetadata<string | undefined>;
export interface EventFieldSet {
  courseId: Text;
  date: FieldMetadata<unknown>;
  startTime: Text;
  endTime: Text;
  venue: Text;
  districtId: Text;
  onlineUrl: Text;
  places: Text;
  bookingClosesDate: FieldMetadata<unknown>;
  bookingClosesTime: Text;
  cancellationClosesDate: FieldMetadata<unknown>;
  cancellationClosesTime: Text;
  cost: Text;
  hours: Text;
  presenterName: Text;
  presenterUserId: Text;
}

export interface EventChoices {
  courses: { value: string; label: string }[];
  districts: { value: string; label: string }[];
  presenters: { value: string; label: string }[];
}

/** The questions in the order the form asks them. */
const EVENT_FIELDS = [
  "courseId",
  "date",
  "startTime",
  "endTime",
  "venue",
  "districtId",
  "onlineUrl",
  "places",
  "bookingClosesDate",
  "bookingClosesTime",
  "cancellationClosesDate",
  "cancellationClosesTime",
  "cost",
  "hours",
  "presenterName",
  "presenterUserId",
] as const satisfies readonly (keyof EventFieldSet)[];

/** The ids the error summary links to, in the order the questions appear (Conform's fields are a proxy: named one by one). */
export function eventFieldIds(fields: EventFieldSet): Record<string, string> {
  return Object.fromEntries(EVENT_FIELDS.map((name) => [name, fields[name].id]));
}

/** A stored event as the form's default values. */
export function eventDefaults(event: {
  courseId: number;
  startsAt: string | Date;
  endsAt: string | Date;
  venue: string | null;
  districtId: number | null;
  onlineUrl: string | null;
  places: number;
  bookingClosesAt: string | Date;
  cancellationClosesAt: string | Date;
  costPence: number;
  hours: number;
  presenterName: string;
  presenterUserId: number | null;
}) {
  const starts = londonDateAndTime(event.startsAt);
  const booking = londonDateAndTime(event.bookingClosesAt);
  const cancelling = londonDateAndTime(event.cancellationClosesAt);
  return {
    courseId: String(event.courseId),
    date: dateDefault(starts.date),
    startTime: starts.time,
    endTime: londonDateAndTime(event.endsAt).time,
    venue: event.venue ?? "",
    districtId: event.districtId === null ? "" : String(event.districtId),
    onlineUrl: event.onlineUrl ?? "",
    places: String(event.places),
    bookingClosesDate: dateDefault(booking.date),
    bookingClosesTime: booking.time,
    cancellationClosesDate: dateDefault(cancelling.date),
    cancellationClosesTime: cancelling.time,
    cost: event.costPence === 0 ? "" : penceToInput(event.costPence),
    hours: String(event.hours),
    presenterName: event.presenterName,
    presenterUserId: event.presenterUserId === null ? "" : String(event.presenterUserId),
  };
}

const TIME_HINT = "On the 24-hour clock or with am or pm, for example, 09:30 or 2pm";

export function TrainingEventFields({ fields, choices }: { fields: EventFieldSet; choices: EventChoices }) {
  return (
    <>
      <SelectField field={fields.courseId} label="Course" placeholder="Select a course" options={choices.courses} />
      <H2>When</H2>
      <DateField field={fields.date} legend="Date" hint="For example, 19 1 2027" label="the date of the event" />
      <TextField field={fields.startTime} label="Start time" hint={TIME_HINT} width="w-[8em]" />
      <TextField field={fields.endTime} label="End time" width="w-[8em]" />
      <H2>Where</H2>
      <TextField field={fields.venue} label="Venue (if it is held in person)" hint="For example, Oakwood House, Maidstone" />
      <SelectField field={fields.districtId} label="District the venue is in" placeholder="Not held in person" options={choices.districts} />
      <TextField field={fields.onlineUrl} label="Online link (if it is held online)" hint="A full web address starting with https://" spellCheck={false} />
      <H2>Places and booking</H2>
      <TextField field={fields.places} label="Number of places" inputMode="numeric" width="w-[6em]" />
      <DateField field={fields.bookingClosesDate} legend="Booking closes on" label="the date booking closes" />
      <TextField field={fields.bookingClosesTime} label="Booking closes at" hint={TIME_HINT} width="w-[8em]" />
      <DateField field={fields.cancellationClosesDate} legend="Schools can cancel until" hint="After this, a booked place is the school's (and paid for)" label="the date cancelling closes" />
      <TextField field={fields.cancellationClosesTime} label="Cancelling closes at" width="w-[8em]" />
      <TextField field={fields.cost} label="Cost a person, in pounds" hint="Leave empty, or enter 0, for a free event" prefix="£" inputMode="decimal" width="w-[8em]" />
      <TextField field={fields.hours} label="CPD hours" hint="What the certificate states, for example, 3 or 1.5" inputMode="decimal" width="w-[6em]" />
      <H2>Presenter</H2>
      <TextField field={fields.presenterName} label="Presenter's name" />
      <SelectField
        field={fields.presenterUserId}
        label="Presenter's account (optional)"
        hint="An STLS teacher or officer with an account can see the attendee list and mark attendance"
        placeholder="No account"
        options={choices.presenters}
      />
    </>
  );
}
