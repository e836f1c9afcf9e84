import { z } from "zod";
import { MAX_PEOPLE, WHEN_FULL, isEmailAddress } from "./booking.rules.ts";

/**
 * The booking form (its limits and words, without zod, are in booking.rules.ts for the page): up to MAX_PEOPLE named members of staff in one go, and what to do when there
 * are not enough places for them all. Rows left wholly blank are ignored; a row half filled in is refused field by
 * field. Emails are kept in lower case (the same person is the same address, however it is typed).
 */

export { EMAIL_PATTERN, MAX_PEOPLE, WHEN_FULL, type WhenFull, isEmailAddress } from "./booking.rules.ts";

const text = (max: number, what: string) =>
  z
    .string({ error: `Enter the person's ${what}` })
    .trim()
    .min(1, `Enter the person's ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`);

const personSchema = z.object({
  name: text(200, "name"),
  role: text(200, "role"),
  email: z
    .string({ error: "Enter the person's email address" })
    .trim()
    .min(1, "Enter the person's email address")
    .transform((v) => v.toLowerCase())
    .refine(isEmailAddress, "Enter an email address in the correct format, like name@school.sch.uk"),
});

export type Person = z.output<typeof personSchema>;

type Row = { name?: unknown; role?: unknown; email?: unknown };
const blank = (row: Row) => ![row.name, row.role, row.email].some((v) => typeof v === "string" && v.trim() !== "");

export const bookingSchema = z.object({
  // Blank rows (the "Add another person" row left empty) are dropped before the rows are read, keeping positions
  // for the rows that are read: a field error names the row as the page shows it.
  people: z
    .array(z.union([personSchema, z.object({ name: z.any(), role: z.any(), email: z.any() }).partial().refine(blank).transform(() => null)]), {
      error: "Enter at least one person to book",
    })
    .max(MAX_PEOPLE, `You can book up to ${MAX_PEOPLE} people at a time`)
    .transform((rows, ctx) => {
      const people = rows.filter((r): r is Person => r !== null);
      if (people.length === 0) ctx.addIssue({ code: "custom", message: "Enter at least one person to book", path: [] });
      return rows;
    }),
  whenFull: z.enum(WHEN_FULL, { error: "Say what to do if there are not enough places" }),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

export type BookingInput = z.output<typeof bookingSchema>;

/** The rows that name someone, each with the position the form showed it at. */
export function peopleOf(input: Pick<BookingInput, "people">): { index: number; person: Person }[] {
  return input.people.flatMap((person, index) => (person === null ? [] : [{ index, person }]));
}

export const cancelSchema = z.object({
  intent: z.literal("cancel"),
  version: z.coerce.number().int().positive(),
});

export const trainingLeadSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, "The email address must be 254 characters or fewer")
    .transform((v) => v.toLowerCase())
    .refine((v) => v === "" || isEmailAddress(v), "Enter an email address in the correct format, like name@school.sch.uk")
    .optional()
    .transform((v) => v || null),
});
