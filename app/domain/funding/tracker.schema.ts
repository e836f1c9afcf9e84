import { z } from "zod";
import { parsePounds } from "../money.ts";

/** Client-safe schemas for the headteacher's funding tracker. */

/** The most a school's notional SEN budget may be: £100m (the database refuses more too). */
export const MAX_BUDGET_PENCE = 10_000_000_000;

/**
 * An amount typed in pounds ("85,000", "£85000.50"), as integer pence, with a message for each way it can be
 * wrong: empty, negative, not an amount, or more than `maxPence`.
 */
export function poundsField(what: { name: string; example: string; maxPence: number; maxLabel: string }) {
  return z
    .string({ error: `Enter ${what.name}` })
    .trim()
    .min(1, `Enter ${what.name}`)
    .transform((value, ctx) => {
      if (value.startsWith("-")) {
        ctx.addIssue({ code: "custom", message: `${capitalise(what.name)} cannot be negative` });
        return z.NEVER;
      }
      const pence = parsePounds(value);
      // parsePounds takes up to 9 digits of pounds; a longer plain number is an amount, just too large.
      const looksLikeAmount = /^£?[\d,]+(\.\d{1,2})?$/.test(value);
      if (pence === null && !looksLikeAmount) {
        ctx.addIssue({ code: "custom", message: `Enter ${what.name} in pounds, like ${what.example}` });
        return z.NEVER;
      }
      if (pence === null || pence > what.maxPence) {
        ctx.addIssue({ code: "custom", message: `${capitalise(what.name)} must be ${what.maxLabel} or less` });
        return z.NEVER;
      }
      return pence;
    });
}

function capitalise(text: string) {
  const bare = text.replace(/^(the|a|an) /, "");
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

export const budgetSchema = z.object({
  year: z.coerce.number().int(),
  version: z.coerce.number().int().min(0),
  budget: poundsField({
    name: "the notional SEN budget",
    example: "85,000 or 85000.50",
    maxPence: MAX_BUDGET_PENCE,
    maxLabel: "£100,000,000",
  }),
});
