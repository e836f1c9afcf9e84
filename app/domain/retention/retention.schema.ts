import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { RETENTION_YEARS } from "./retention-years.ts";

export { RETENTION_YEARS } from "./retention-years.ts";

/**
 * Client-safe schemas for the retention settings page (ADR 60): how long records of pupils who left are kept, who
 * a subject access request goes to, and the confirmed "run now".
 */


const YEARS_MESSAGE = `Enter the number of years as a whole number from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max}`;

export const retentionSettingsSchema = z.object({
  intent: z.literal("settings"),
  version: versionField,
  years: z
    .string({ error: "Enter how many years records are kept after a pupil leaves" })
    .trim()
    .regex(/^[0-9]{1,3}$/, YEARS_MESSAGE)
    .transform(Number)
    .refine((n) => n >= RETENTION_YEARS.min && n <= RETENTION_YEARS.max, YEARS_MESSAGE),
  contact: z
    .string({ error: "Enter the email address subject access requests are sent to" })
    .trim()
    .toLowerCase()
    .max(254, "The email address must be 254 characters or fewer")
    .pipe(z.email({ error: "Enter the email address in the correct format, like dataprotection@kent.gov.uk" })),
});

export type RetentionSettingsInput = z.output<typeof retentionSettingsSchema>;

/** "Yes, anonymise them": the period the admin saw on the confirm step, so a period changed meanwhile is refused. */
export const retentionRunSchema = z.object({
  intent: z.literal("run"),
  years: z.coerce.number({ error: "This form is out of date. Reload the page and try again." }).int().min(RETENTION_YEARS.min).max(RETENTION_YEARS.max),
});
