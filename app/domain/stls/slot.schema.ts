import { z } from "zod";
import { dateField, readDateField } from "../date-field.schema.ts";
import { londonInstant, readTime } from "../london-time.ts";
import { versionField } from "../record.schema.ts";
import { addDays } from "./meeting-dates.ts";
import { MAX_WEEKS, SLOT_KINDS } from "./visits.workflow.ts";
import { timeField } from "../time-field.schema.ts";

/**
 * A specialist teacher's slots (ADR 45), client-safe: the kind (a visit for allocated involvement, or a drop-in
 * clinic with its topic), the London date (GOV.UK date input), start and end times typed as in training events,
 * the place, and how many weeks in a row (the same time each week): all of them are published, or none.
 */

const WEEKS_MESSAGE = `Enter how many weeks as a whole number from 1 to ${MAX_WEEKS}`;

const slotFields = {
  kind: z.enum(SLOT_KINDS, { error: "Select whether the slot is for visits or a drop-in clinic" }),
  topic: z.string().trim().max(200, "The clinic's topic must be 200 characters or fewer").optional(),
  date: dateField("the date of the slot", "Enter the date of the slot"),
  startTime: timeField("the start time"),
  endTime: timeField("the end time"),
  place: z
    .string({ error: "Enter where the slot is, like At the school or Maidstone STLS base" })
    .trim()
    .min(1, "Enter where the slot is, like At the school or Maidstone STLS base")
    .max(300, "The place must be 300 characters or fewer"),
  weeks: z
    .string()
    .trim()
    .max(3, WEEKS_MESSAGE)
    .optional()
    .transform((v, ctx) => {
      if (!v) return 1;
      const n = /^[0-9]{1,2}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= MAX_WEEKS)) {
        ctx.addIssue({ code: "custom", message: WEEKS_MESSAGE });
        return z.NEVER;
      }
      return n;
    }),
};

type Raw = Record<string, unknown>;

function checkSlot(value: Raw, ctx: z.RefinementCtx) {
  if (value.kind === "clinic" && !(typeof value.topic === "string" && value.topic.trim())) {
    ctx.addIssue({ code: "custom", path: ["topic"], message: "Enter the clinic's topic, like Autism: sensory needs" });
  }
  const start = typeof value.startTime === "string" ? readTime(value.startTime) : null;
  const end = typeof value.endTime === "string" ? readTime(value.endTime) : null;
  const date = readDateField(value.date, "", { required: true, missing: "" });
  if (start && end && date.ok && date.iso && londonInstant(date.iso, end) <= londonInstant(date.iso, start)) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
  }
}

export const slotSchema = z
  .object(slotFields)
  .superRefine(checkSlot, { when: () => true })
  .transform((v) => ({
    kind: v.kind,
    topic: v.kind === "clinic" ? (v.topic ?? null) : null,
    place: v.place,
    weeks: v.weeks,
    times: Array.from({ length: v.weeks }, (_, i) => {
      const day = addDays(v.date, 7 * i);
      return { startsAt: londonInstant(day, v.startTime), endsAt: londonInstant(day, v.endTime) };
    }),
  }));

export type SlotInput = z.output<typeof slotSchema>;

export const withdrawSlotSchema = z.object({ intent: z.literal("withdraw"), version: versionField });
