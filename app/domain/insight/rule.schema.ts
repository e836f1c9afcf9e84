import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { RULE_LIMITS } from "./rule-kinds.ts";

/**
 * Client-safe: the small-number rule as a council officer sets it (ADR 75). The threshold is the suppress rule's
 * (counts of 1 to threshold - 1 withheld); the round rule's is fixed by NHS England's (1 to 7 withheld, the rest
 * rounded to the nearest 5). The protection interval applies to both.
 */


const THRESHOLD_MESSAGE = `Enter the threshold as a whole number from ${RULE_LIMITS.threshold.min} to ${RULE_LIMITS.threshold.max}`;
const PROTECTION_MESSAGE = `Enter the protection interval as a whole number from ${RULE_LIMITS.protection.min} to ${RULE_LIMITS.protection.max}`;

const inRange = (text: string, limits: { min: number; max: number }) => /^[0-9]{1,3}$/.test(text) && Number(text) >= limits.min && Number(text) <= limits.max;

export const disclosureRuleSchema = z
  .object({
    version: versionField,
    kind: z.enum(["suppress", "round"], { error: "Choose the rule the figures are published under" }),
    threshold: z.string().trim().optional(),
    protection: z
      .string({ error: "Enter the protection interval" })
      .trim()
      .refine((t) => inRange(t, RULE_LIMITS.protection), PROTECTION_MESSAGE)
      .transform(Number),
  })
  .superRefine((value, ctx) => {
    // The threshold is the suppress rule's only: with the round rule it is kept as it was and may be left alone.
    if (value.kind !== "suppress") return;
    if (!value.threshold) ctx.addIssue({ code: "custom", path: ["threshold"], message: "Enter the threshold" });
    else if (!inRange(value.threshold, RULE_LIMITS.threshold)) ctx.addIssue({ code: "custom", path: ["threshold"], message: THRESHOLD_MESSAGE });
  })
  .transform((value) => ({
    version: value.version,
    kind: value.kind,
    threshold: value.kind === "suppress" ? Number(value.threshold) : null,
    protection: value.protection,
  }));

export type DisclosureRuleInput = z.output<typeof disclosureRuleSchema>;
