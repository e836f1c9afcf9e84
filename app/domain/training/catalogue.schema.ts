import { z } from "zod";
import { dateField, readDateField } from "../date-field.schema.ts";
import { optionalPoundsField } from "../money.schema.ts";
import { idField, versionField } from "../record.schema.ts";
import { londonInstant, readTime } from "../london-time.ts";
import { timeField } from "../time-field.schema.ts";

/** Client-safe schemas for the council's training catalogue: programmes, courses and events (ADR 38). */

/** Runs even when other fields are wrong, so the form lists every problem at once. */
const always = { when: () => true };

function required(label: string, max: number) {
  return z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`);
}

function optional(label: string, max: number) {
  return z.string().trim().max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`).optional();
}

export const programmeSchema = z.object({
  name: required("The programme's name", 200),
  provider: required("The provider", 200),
  description: optional("The description", 4000),
});

export const changeProgrammeSchema = programmeSchema.extend({ version: versionField });

export const courseSchema = z.object({
  programmeId: idField("Select the programme the course belongs to"),
  title: required("The course's title", 200),
  audience: required("Who it is for", 500),
  description: optional("The description", 8000),
  needAreas: z
    .array(z.string().max(100))
    .max(20)
    .optional()
    .transform((v) => v ?? []),
});

export const changeCourseSchema = courseSchema.extend({ version: versionField });

export const MAX_PLACES = 1000;
export const MAX_COST_PENCE = 1_000_000;

const eventFields = {
  courseId: idField("Select the course"),
  date: dateField("the date of the event", "Enter the date of the event"),
  startTime: timeField("the start time"),
  endTime: timeField("the end time"),
  venue: optional("The venue", 300),
  districtId: z
    .string()
    .trim()
    .regex(/^[0-9]{0,9}$/, "Select the district the venue is in")
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  onlineUrl: z
    .string()
    .trim()
    .max(500, "The online link must be 500 characters or fewer")
    .optional()
    .refine((v) => !v || isHttpsUrl(v), "Enter the online link as a full web address starting with https://"),
  places: z
    .string({ error: "Enter the number of places" })
    .trim()
    .regex(/^-?[0-9]{1,6}$/, `Enter the number of places as a whole number from 1 to ${MAX_PLACES}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PLACES, `Enter the number of places as a whole number from 1 to ${MAX_PLACES}`),
  bookingClosesDate: dateField("the date booking closes", "Enter the date booking closes"),
  bookingClosesTime: timeField("the time booking closes"),
  cancellationClosesDate: dateField("the date cancelling closes", "Enter the date schools can cancel until"),
  cancellationClosesTime: timeField("the time cancelling closes"),
  cost: optionalPoundsField({ name: "the cost", example: "45 or 45.50", maxPence: MAX_COST_PENCE, maxLabel: "£10,000" }),
  hours: z
    .string({ error: "Enter the CPD hours" })
    .trim()
    .regex(/^[0-9]{1,3}(\.[0-9]{1,2})?$/, "Enter the CPD hours as a number, like 3 or 1.5")
    .transform(Number)
    .refine((n) => n > 0 && n <= 200, "The CPD hours must be more than 0 and at most 200"),
  presenterName: required("The presenter's name", 200),
  presenterUserId: z
    .string()
    .trim()
    .regex(/^[0-9]{0,9}$/, "Select the presenter's account, or none")
    .optional()
    .transform((v) => (v ? Number(v) : null)),
};

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".") && !/\s/.test(value);
  } catch {
    return false;
  }
}

type RawEvent = Record<string, unknown>;

/** The instant a date field and a time field name together, when both are readable. */
function instantOf(value: RawEvent, dateName: string, timeName: string): Date | null {
  const date = readDateField(value[dateName], "", { required: true, missing: "" });
  const time = typeof value[timeName] === "string" ? readTime(value[timeName]) : null;
  return date.ok && date.iso && time ? londonInstant(date.iso, time) : null;
}

/** The rules between fields: the end after the start, booking and cancelling closing by the start, somewhere to be. */
function checkEvent(value: RawEvent, ctx: z.RefinementCtx) {
  const starts = instantOf(value, "date", "startTime");
  const ends = instantOf(value, "date", "endTime");
  if (starts && ends && ends <= starts) ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
  const bookingCloses = instantOf(value, "bookingClosesDate", "bookingClosesTime");
  if (starts && bookingCloses && bookingCloses > starts) {
    ctx.addIssue({ code: "custom", path: ["bookingClosesDate"], message: "Booking must close before the event starts, or when it starts" });
  }
  const cancellationCloses = instantOf(value, "cancellationClosesDate", "cancellationClosesTime");
  if (starts && cancellationCloses && cancellationCloses > starts) {
    ctx.addIssue({ code: "custom", path: ["cancellationClosesDate"], message: "Cancelling must close before the event starts, or when it starts" });
  }
  const venue = typeof value.venue === "string" ? value.venue.trim() : "";
  const online = typeof value.onlineUrl === "string" ? value.onlineUrl.trim() : "";
  if (!venue && !online) ctx.addIssue({ code: "custom", path: ["venue"], message: "Enter the venue, the online link, or both" });
  const district = value.districtId;
  if (venue && (district === undefined || district === null || district === "")) {
    ctx.addIssue({ code: "custom", path: ["districtId"], message: "Select the district the venue is in" });
  }
}

/** An event as the use-cases take it: instants, pence and ids. */
function toEvent<T extends z.infer<z.ZodObject<typeof eventFields>>>(value: T) {
  const { date, startTime, endTime, bookingClosesDate, bookingClosesTime, cancellationClosesDate, cancellationClosesTime, cost, venue, onlineUrl, ...rest } = value;
  return {
    ...rest,
    startsAt: londonInstant(date, startTime),
    endsAt: londonInstant(date, endTime),
    bookingClosesAt: londonInstant(bookingClosesDate, bookingClosesTime),
    cancellationClosesAt: londonInstant(cancellationClosesDate, cancellationClosesTime),
    costPence: cost ?? 0,
    venue: venue || null,
    onlineUrl: onlineUrl || null,
  };
}

export const eventSchema = z.object(eventFields).superRefine(checkEvent, always).transform(toEvent);

export const changeEventSchema = z
  .object({ ...eventFields, version: versionField })
  .superRefine(checkEvent, always)
  .transform((value) => ({ ...toEvent(value), version: value.version }));

export type EventInput = z.output<typeof eventSchema>;

export const publishEventSchema = z.object({ intent: z.literal("publish"), version: versionField });

export const cancelEventSchema = z.object({
  intent: z.literal("cancel"),
  version: versionField,
  reason: z
    .string({ error: "Enter the reason the event is cancelled: schools and attendees will read it" })
    .trim()
    .min(1, "Enter the reason the event is cancelled: schools and attendees will read it")
    .max(2000, "The reason must be 2,000 characters or fewer"),
});
