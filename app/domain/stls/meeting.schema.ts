import { z } from "zod";
import { dateField, readDateField } from "../date-field.schema.ts";
import { londonInstant, readTime } from "../london-time.ts";
import { idField, versionField } from "../record.schema.ts";
import { isHttpsUrl } from "../training/catalogue.schema.ts";
import { addDays, defaultPapersDueOn, MAX_TERM_MEETINGS } from "./meeting-dates.ts";
import { timeField } from "../time-field.schema.ts";

/**
 * Client-safe schemas for LIFT meetings (ADR 43): one meeting, a term's meetings in one go, cancelling one.
 * Dates are London days from the GOV.UK date input, times typed as in training events.
 */

/** Runs even when other fields are wrong, so the form lists every problem at once. */
const always = { when: () => true };

export const DEFAULT_CAP = 3;

const CAP_MESSAGE = "Enter the most referrals a school may send to a meeting as a whole number from 1 to 50";

/** Where and how: shared by one meeting and a term of them. */
const placeFields = {
  startTime: timeField("the start time"),
  endTime: timeField("the end time"),
  venue: z.string().trim().max(300, "The venue must be 300 characters or fewer").optional(),
  onlineUrl: z
    .string()
    .trim()
    .max(500, "The online link must be 500 characters or fewer")
    .optional()
    .refine((v) => !v || isHttpsUrl(v), "Enter the online link as a full web address starting with https://"),
  cap: z
    .string()
    .trim()
    .max(6, CAP_MESSAGE)
    .optional()
    .transform((v, ctx) => {
      if (!v) return DEFAULT_CAP;
      if (!/^[0-9]{1,2}$/.test(v) || Number(v) < 1 || Number(v) > 50) {
        ctx.addIssue({ code: "custom", message: CAP_MESSAGE });
        return z.NEVER;
      }
      return Number(v);
    }),
};

type Raw = Record<string, unknown>;

function checkPlace(value: Raw, ctx: z.RefinementCtx) {
  const start = typeof value.startTime === "string" ? readTime(value.startTime) : null;
  const end = typeof value.endTime === "string" ? readTime(value.endTime) : null;
  if (start && end && end <= start) ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
  const venue = typeof value.venue === "string" ? value.venue.trim() : "";
  const online = typeof value.onlineUrl === "string" ? value.onlineUrl.trim() : "";
  if (!venue && !online) ctx.addIssue({ code: "custom", path: ["venue"], message: "Enter the venue, the online link, or both" });
}

const meetingFields = {
  groupId: idField("Select the LIFT group the meeting is for"),
  date: dateField("the date of the meeting", "Enter the date of the meeting"),
  papersDueOn: dateField("the papers-due date", "", { optional: true }),
  ...placeFields,
};

function checkMeeting(value: Raw, ctx: z.RefinementCtx) {
  checkPlace(value, ctx);
  const date = readDateField(value.date, "", { required: true, missing: "" });
  const due = readDateField(value.papersDueOn, "", { required: false, missing: "" });
  if (date.ok && date.iso && due.ok && due.iso && due.iso >= date.iso) {
    ctx.addIssue({ code: "custom", path: ["papersDueOn"], message: "The papers-due date must be before the day of the meeting" });
  }
}

/** A meeting as the use-cases take it: instants and London days. */
function toMeeting<T extends z.infer<z.ZodObject<typeof meetingFields>>>(value: T) {
  return {
    groupId: value.groupId,
    date: value.date,
    startsAt: londonInstant(value.date, value.startTime),
    endsAt: londonInstant(value.date, value.endTime),
    venue: value.venue || null,
    onlineUrl: value.onlineUrl || null,
    papersDueOn: value.papersDueOn ?? defaultPapersDueOn(value.date),
    cap: value.cap,
  };
}

export const meetingSchema = z.object(meetingFields).superRefine(checkMeeting, always).transform(toMeeting);
export type MeetingInput = z.output<typeof meetingSchema>;

export const changeMeetingSchema = z
  .object({ ...meetingFields, intent: z.literal("change"), version: versionField })
  .superRefine(checkMeeting, always)
  .transform((value) => ({ ...toMeeting(value), version: value.version }));

export const cancelMeetingSchema = z.object({
  intent: z.literal("cancel"),
  version: versionField,
  reason: z
    .string({ error: "Enter why the meeting is cancelled: schools will read it" })
    .trim()
    .min(1, "Enter why the meeting is cancelled: schools will read it")
    .max(2000, "The reason must be 2,000 characters or fewer"),
});

const COUNT_MESSAGE = `Enter how many meetings as a whole number from 1 to ${MAX_TERM_MEETINGS}`;
const WEEKS_MESSAGE = "Enter how many weeks apart the meetings are as a whole number from 1 to 12";
const LIST_MESSAGE = "Enter each date on its own line, like 19/1/2027";

/** Reads a list of dates, one a line (or separated by commas): ISO dates in order, or the first line not a date. */
export function readDateList(text: string): { ok: true; dates: string[] } | { ok: false; line: string } {
  const lines = text
    .split(/[\n,;]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const dates: string[] = [];
  for (const line of lines) {
    const reading = readDateField(line, "date", { required: true, missing: "" });
    if (!reading.ok || !reading.iso) return { ok: false, line: line.slice(0, 40) };
    dates.push(reading.iso);
  }
  return { ok: true, dates: [...new Set(dates)].sort() };
}

const termFields = {
  groupId: idField("Select the LIFT group the meetings are for"),
  firstDate: dateField("the date of the first meeting", "", { optional: true }),
  count: z.string().trim().max(6, COUNT_MESSAGE).optional(),
  everyWeeks: z.string().trim().max(6, WEEKS_MESSAGE).optional(),
  dateList: z.string().max(2000, "The list of dates must be 2,000 characters or fewer").optional(),
  ...placeFields,
  intent: z.enum(["check", "change", "create"]).optional(),
};

function termDates(value: Raw): { dates: string[]; issues: { path: string; message: string }[] } {
  const list = typeof value.dateList === "string" ? value.dateList.trim() : "";
  if (list) {
    const read = readDateList(list);
    if (!read.ok) return { dates: [], issues: [{ path: "dateList", message: `"${read.line}" is not a date. ${LIST_MESSAGE}` }] };
    if (read.dates.length > MAX_TERM_MEETINGS) return { dates: [], issues: [{ path: "dateList", message: `Enter at most ${MAX_TERM_MEETINGS} dates` }] };
    return { dates: read.dates, issues: [] };
  }
  const issues: { path: string; message: string }[] = [];
  const first = readDateField(value.firstDate, "the date of the first meeting", { required: true, missing: "Enter the date of the first meeting, or a list of dates" });
  if (!first.ok) issues.push({ path: "firstDate", message: first.message });
  const count = typeof value.count === "string" ? value.count.trim() : "";
  if (!/^[0-9]{1,2}$/.test(count) || Number(count) < 1 || Number(count) > MAX_TERM_MEETINGS) issues.push({ path: "count", message: COUNT_MESSAGE });
  const weeks = typeof value.everyWeeks === "string" ? value.everyWeeks.trim() : "";
  if (!/^[0-9]{1,2}$/.test(weeks) || Number(weeks) < 1 || Number(weeks) > 12) issues.push({ path: "everyWeeks", message: WEEKS_MESSAGE });
  if (issues.length > 0 || !first.ok || !first.iso) return { dates: [], issues };
  const start = first.iso;
  return { dates: Array.from({ length: Number(count) }, (_, i) => addDays(start, i * 7 * Number(weeks))), issues: [] };
}

export const termSchema = z
  .object(termFields)
  .superRefine((value, ctx) => {
    checkPlace(value, ctx);
    for (const issue of termDates(value).issues) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  }, always)
  .transform((value) => {
    const { dates } = termDates(value);
    return {
      groupId: value.groupId,
      meetings: dates.map((date) => ({
        date,
        startsAt: londonInstant(date, value.startTime),
        endsAt: londonInstant(date, value.endTime),
        papersDueOn: defaultPapersDueOn(date),
      })),
      venue: value.venue || null,
      onlineUrl: value.onlineUrl || null,
      cap: value.cap,
      intent: value.intent ?? "check",
    };
  });
export type TermInput = z.output<typeof termSchema>;
