import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { poundsField } from "../money.schema.ts";

/** Client-safe: a funding scheme's budget for a financial year, as a council officer enters it. */

/** The most a scheme's budget may be: £900m (the database refuses more too). */
export const MAX_SCHEME_BUDGET_PENCE = 90_000_000_000;

export const schemeBudgetSchema = z.object({
  schemeId: z.coerce.number().int().positive(),
  year: z.coerce.number().int(),
  version: versionField,
  budget: poundsField({
    name: "the budget",
    example: "2,500,000 or 2500000",
    maxPence: MAX_SCHEME_BUDGET_PENCE,
    maxLabel: "£900,000,000",
  }),
});
