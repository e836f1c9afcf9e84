import { z } from "zod";
import { dateField } from "../date-field.schema.ts";
import { versionField } from "../record.schema.ts";

/** The bespoke training forms (issue 9): the school's request, its withdrawal, the officer's decision. */

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

const text = (what: string, max: number) => z.string().trim().max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const required = (what: string, max: number, missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const wholeNumber = (missing: string, range: string, min: number, max: number) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .regex(/^\d{1,6}$/, `${range} must be a whole number, like 25`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${range} must be between ${min} and ${max.toLocaleString("en-GB")}`);

/** The school's request: what about, for how many, when it would suit, what it wants to achieve. */
export const bespokeRequestSchema = z
  .object({
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    topic: required("The topic", 200, "Enter the topic of the training"),
    needArea: required("The area of need", 100, "Select the area of need"),
    preferredFrom: dateField("the earliest date", "Enter the earliest date that would suit you"),
    preferredTo: dateField("the latest date", "Enter the latest date that would suit you"),
    preferredNote: text("The note about dates", 1000).optional().default(""),
    staffCount: wholeNumber("Enter how many staff will take part", "The number of staff", 1, 500),
    outcomes: required("What you want to achieve", 4000, "Say what you want the training to achieve"),
  })
  .superRefine((value, ctx) => {
    if (value.preferredTo < value.preferredFrom) {
      ctx.addIssue({ code: "custom", path: ["preferredTo"], message: "The latest date must be the same as or after the earliest date" });
    }
  });
export type BespokeRequestInput = z.output<typeof bespokeRequestSchema>;

/** Withdrawing (school): an optional reason for the timeline. */
export const bespokeWithdrawSchema = z.object({ version: versionField, comment: text("Comments", 2000).optional().default("") });

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const time = (missing: string) => z.string({ error: missing }).trim().min(1, missing).regex(TIME, "Enter a time in the 24-hour clock, like 09:30 or 15:45");

/**
 * The officer's decision. Accepting names when and where (a venue, an online link, or both), the course from the
 * catalogue, the places and who runs it: the private event is made from these. Declining needs the reason.
 * `intent` is the check-answers step: "check" shows what will be recorded, "change" goes back, "confirm" records.
 */
export const bespokeDecisionSchema = z
  .object({
    version: versionField,
    intent: z.enum(["check", "change", "confirm"]).default("check"),
    outcome: z.enum(["accept", "decline"], { error: "Select whether to accept or decline the request" }),
    date: dateField("the date of the training", "Enter the date of the training", { optional: true }),
    startTime: z.string().trim().max(5, "Enter a time in the 24-hour clock, like 09:30 or 15:45").optional().default(""),
    endTime: z.string().trim().max(5, "Enter a time in the 24-hour clock, like 09:30 or 15:45").optional().default(""),
    venue: text("The venue", 300).optional().default(""),
    onlineUrl: text("The online link", 500).optional().default(""),
    courseId: z.string().trim().max(12).optional().default(""),
    newCourseTitle: text("The course title", 200).optional().default(""),
    places: z.string().trim().max(12).optional().default(""),
    presenterName: text("The presenter's name", 200).optional().default(""),
    reason: text("The reason", 2000).optional().default(""),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (value.outcome === "decline") {
      if (!value.reason) issue("reason", "Say why the request is declined: the school is told");
      return;
    }
    if (!value.date) issue("date", "Enter the date of the training");
    const start = time("Enter the start time").safeParse(value.startTime);
    const end = time("Enter the end time").safeParse(value.endTime);
    if (!start.success) issue("startTime", start.error.issues[0]!.message);
    if (!end.success) issue("endTime", end.error.issues[0]!.message);
    if (start.success && end.success && minutesOf(value.endTime) <= minutesOf(value.startTime)) issue("endTime", "The end time must be after the start time");
    if (!value.venue && !value.onlineUrl) issue("venue", "Enter the venue, the online link, or both");
    if (value.onlineUrl && !/^https:\/\/[^\s]+$/.test(value.onlineUrl)) issue("onlineUrl", "The online link must start with https:// and have no spaces");
    if (!value.courseId && !value.newCourseTitle) issue("courseId", "Select the course, or give the title of a new one");
    else if (value.courseId && !/^\d{1,9}$/.test(value.courseId)) issue("courseId", "Select the course");
    else if (value.courseId && value.newCourseTitle) issue("newCourseTitle", "Select a course or give a new title, not both");
    const places = wholeNumber("Enter the number of places", "The number of places", 1, 1000).safeParse(value.places);
    if (!places.success) issue("places", places.error.issues[0]!.message);
    if (!value.presenterName) issue("presenterName", "Enter who will run the training");
  });
export type BespokeDecisionInput = z.output<typeof bespokeDecisionSchema>;
