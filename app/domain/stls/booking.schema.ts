import { z } from "zod";
import { idField } from "../record.schema.ts";

/** Booking a specialist's slot (ADR 45), client-safe: a visit against an involvement, or a drop-in clinic. */

const key = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "This form is out of date. Reload the page and try again.");

const slotId = idField("Choose a slot");

export const bookVisitSchema = z.object({ slotId, idempotencyKey: key });

export type BookVisitInput = z.output<typeof bookVisitSchema>;

export const bookClinicSchema = z.object({
  topic: z
    .string({ error: "Enter what you would like to talk about at the clinic" })
    .trim()
    .min(1, "Enter what you would like to talk about at the clinic")
    .max(1000, "What you would like to talk about must be 1,000 characters or fewer"),
  pupilId: z
    .string()
    .trim()
    .regex(/^([1-9][0-9]{0,8})?$/, "Choose a pupil from your register, or none")
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  idempotencyKey: key,
});

export type BookClinicInput = z.output<typeof bookClinicSchema>;
