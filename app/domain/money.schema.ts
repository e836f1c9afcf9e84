import { z } from "zod";
import { parsePounds } from "./money.ts";

/** How a form names an amount in its messages: "the amount requested", "like 12500 or 12,500.50", "£200,000". */
export interface AmountWords {
  name: string;
  example: string;
  maxPence: number;
  maxLabel: string;
}

function capitalise(text: string) {
  const bare = text.replace(/^(the|a|an) /, "");
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/** Pounds as typed to integer pence, or an issue saying what to type instead. The one place forms read money. */
function toPence(value: string, what: AmountWords, ctx: z.RefinementCtx): number {
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
}

/** A required amount in pounds, as integer pence. */
export function poundsField(what: AmountWords) {
  return z
    .string({ error: `Enter ${what.name}` })
    .trim()
    .min(1, `Enter ${what.name}`)
    .transform((value, ctx) => toPence(value, what, ctx));
}

/** An amount that may be left blank for now (a draft): blank is null. */
export function optionalPoundsField(what: AmountWords) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => (value ? toPence(value, what, ctx) : null));
}
