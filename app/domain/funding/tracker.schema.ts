import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { poundsField } from "../money.schema.ts";

/** Client-safe schemas for the headteacher's funding tracker. */

/** The most a school's notional SEN budget may be: £100m (the database refuses more too). */
export const MAX_BUDGET_PENCE = 10_000_000_000;

export const budgetSchema = z.object({
  year: z.coerce.number().int(),
  version: versionField,
  budget: poundsField({
    name: "the notional SEN budget",
    example: "85,000 or 85000.50",
    maxPence: MAX_BUDGET_PENCE,
    maxLabel: "£100,000,000",
  }),
});
