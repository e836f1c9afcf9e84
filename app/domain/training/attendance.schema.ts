import { z } from "zod";
import { DB_INTEGER_MAX } from "../record.ts";
import { versionField } from "../record.schema.ts";

/**
 * The register (server-side parsing; its choices are in attendance-format.ts, which pages import without zod): one form for an event's booked people, a row each with the booking, the version it
 * was drawn at and, once chosen, whether they came. A row left unchosen changes nothing.
 */
const TAMPERED = "This form was not drawn by the portal. Reload the page and try again.";

export const attendanceSchema = z.object({
  marks: z
    .array(
      z.object({
        bookingId: z.coerce.number({ error: TAMPERED }).int(TAMPERED).min(1, TAMPERED).max(DB_INTEGER_MAX, TAMPERED),
        version: versionField,
        attended: z.enum(["yes", "no"], { error: TAMPERED }).optional(),
      }),
    )
    .max(1000, TAMPERED)
    .default([]),
});
export type AttendanceInput = z.output<typeof attendanceSchema>;
