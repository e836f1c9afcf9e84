import { z } from "zod";
import { versionField } from "../../record.schema.ts";

/** The casework page's forms (ADR 30), client-safe: assigning a request, adding a private case note. */

export const NOTE_MAX = 5000;

export const assignSchema = z.object({
  intent: z.literal("assign"),
  version: versionField,
  assignee: z.coerce.number({ error: "Choose who to assign it to" }).int("Choose who to assign it to").positive("Choose who to assign it to").max(2_147_483_647, "Choose who to assign it to"),
  /** Where "Assign to me" was pressed: the queue's filters, sent back to it. */
  back: z
    .string()
    .max(2000)
    .regex(/^\?[A-Za-z0-9=&%._+-]*$/)
    .optional()
    .catch(undefined),
});

export const noteSchema = z.object({
  intent: z.literal("note"),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  body: z
    .string({ error: "Enter the note" })
    .trim()
    .min(1, "Enter the note")
    .max(NOTE_MAX, `A note must be ${NOTE_MAX.toLocaleString("en-GB")} characters or fewer`),
});

/**
 * The queue's "Assign to me" (one form around the queue, a button per request): which request, at the version the
 * queue showed ("HNF-2026-00042:3"), and the queue's filters to go back to.
 */
export const queueAssignSchema = z.object({
  take: z
    .string({ error: "This form is out of date. Reload the page and try again." })
    .regex(/^[A-Z]{2,6}-\d{4}-\d{5,9}:\d{1,9}$/, "This form is out of date. Reload the page and try again.")
    .transform((take) => {
      const [reference, version] = take.split(":") as [string, string];
      return { reference, version: Number(version) };
    }),
  back: assignSchema.shape.back,
});
