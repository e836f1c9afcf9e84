import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { MAX_AMOUNT_PENCE } from "../money.ts";
import { poundsField } from "../money.schema.ts";
import { PUPIL_RULES } from "./pupil-rules.ts";
import { TARGET_WORKING_DAYS } from "./casework/service-level.ts";

/** Client-safe schemas for the council's funding settings: schemes and decision reasons. */

export const MAX_CHECKLIST_ITEMS = 30;
export const MAX_CHECKLIST_LABEL = 300;

/** Runs even when other fields are wrong, so the form lists every problem at once. */
const always = { when: () => true };

const yesNo = (message: string) => z.enum(["yes", "no"], { error: message });

const contributionAmount = poundsField({
  name: "the school contribution",
  example: "6,000",
  maxPence: MAX_AMOUNT_PENCE,
  maxLabel: "£200,000",
});

/**
 * The evidence checklist as typed, one item per line. Blank lines before the first item and after the last
 * are ignored (a textarea often ends with one); a blank line between items, a repeated item (ignoring case)
 * or an over-long one is refused with its line number.
 */
export function checklistProblems(text: string): string[] {
  const lines = text.replace(/^\s*\n|\n\s*$/g, "").split(/\r?\n/).map((l) => l.trim());
  if (lines.length === 1 && lines[0] === "") return ["Enter at least one item of evidence, one per line"];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line === "") {
      problems.push(`Line ${n} of the evidence checklist is empty: write an item on it or remove it`);
      return;
    }
    if (line.length > MAX_CHECKLIST_LABEL) {
      problems.push(`Line ${n} of the evidence checklist must be ${MAX_CHECKLIST_LABEL} characters or fewer`);
    }
    const earlier = seen.get(line.toLowerCase());
    if (earlier !== undefined) problems.push(`Line ${n} of the evidence checklist repeats line ${earlier}: each item must be different`);
    else seen.set(line.toLowerCase(), n);
  });
  if (lines.length > MAX_CHECKLIST_ITEMS) problems.push(`The evidence checklist can have at most ${MAX_CHECKLIST_ITEMS} items`);
  return problems;
}

/** The checklist's items, once checklistProblems has none. */
export function checklistLabels(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

const schemeFields = {
  name: z
    .string({ error: "Enter the scheme's name" })
    .trim()
    .min(1, "Enter the scheme's name")
    .max(200, "The scheme's name must be 200 characters or fewer"),
  description: z.string().trim().max(2000, "The description must be 2,000 characters or fewer").optional(),
  requiresPupil: yesNo("Select whether a request must name a pupil"),
  /** Not sent (a form from before the rule existed): the scheme keeps its rule, a new one is for any pupil. */
  pupilRule: z.enum(PUPIL_RULES, { error: "Select which pupils a request can name" }).optional(),
  contributionApplies: yesNo("Select whether the school contribution applies"),
  contribution: z.string().trim().optional(),
  // Both are asked for: an emptied box is refused, not read as "keep the number the scheme has" (Conform sends an
  // empty box as nothing, so the two could not be told apart).
  reviewsPerYear: z.string({ error: "Enter the number of reviews a year as a whole number from 0 to 12" }).trim(),
  targetWorkingDays: z
    .string({ error: `Enter the target to decide as a whole number of working days from ${TARGET_WORKING_DAYS.min} to ${TARGET_WORKING_DAYS.max}` })
    .trim(),
  checklist: z.string({ error: "Enter at least one item of evidence, one per line" }),
};

const REVIEWS_PER_YEAR = /^(?:[0-9]|1[0-2])$/;

const WHOLE_NUMBER = /^[0-9]{1,3}$/;

type SchemeValue = {
  requiresPupil?: "yes" | "no";
  pupilRule?: string;
  contributionApplies?: "yes" | "no";
  contribution?: string;
  reviewsPerYear?: string;
  targetWorkingDays?: string;
  checklist?: string;
};

function checkScheme(value: SchemeValue, ctx: z.RefinementCtx) {
  if (typeof value.checklist === "string") {
    for (const message of checklistProblems(value.checklist)) ctx.addIssue({ code: "custom", path: ["checklist"], message });
  }
  const amount = value.contribution ?? "";
  if (value.contributionApplies === "yes" || amount !== "") {
    const parsed = contributionAmount.safeParse(amount);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["contribution"], message: issue.message });
    }
  }
  if (value.reviewsPerYear !== undefined && !REVIEWS_PER_YEAR.test(value.reviewsPerYear)) {
    ctx.addIssue({ code: "custom", path: ["reviewsPerYear"], message: "Enter the number of reviews a year as a whole number from 0 to 12" });
  }
  const target = value.targetWorkingDays;
  if (target !== undefined && !(WHOLE_NUMBER.test(target) && Number(target) >= TARGET_WORKING_DAYS.min && Number(target) <= TARGET_WORKING_DAYS.max)) {
    ctx.addIssue({
      code: "custom",
      path: ["targetWorkingDays"],
      message: `Enter the target to decide as a whole number of working days from ${TARGET_WORKING_DAYS.min} to ${TARGET_WORKING_DAYS.max}`,
    });
  }
  if (value.requiresPupil === "no" && value.pupilRule !== undefined && value.pupilRule !== "any") {
    ctx.addIssue({
      code: "custom",
      path: ["pupilRule"],
      message: "A pupil rule applies only to a scheme whose requests name a pupil: choose any pupil, or say that a request must name one",
    });
  }
  if (value.contributionApplies === "yes" && value.requiresPupil === "no") {
    ctx.addIssue({
      code: "custom",
      path: ["contributionApplies"],
      message: "The school contribution is per pupil: it can apply only to a scheme whose requests name a pupil",
    });
  }
}

/** The scheme's rules as the use-cases take them: booleans, pence and the checklist's lines. */
function toRules<
  T extends { description?: string; requiresPupil: "yes" | "no"; contributionApplies: "yes" | "no"; contribution?: string; reviewsPerYear?: string; targetWorkingDays?: string; checklist: string },
>(value: T) {
  const { requiresPupil, contributionApplies, contribution, reviewsPerYear, targetWorkingDays, checklist, description, ...rest } = value;
  return {
    ...rest,
    description: description ?? "",
    requiresPupil: requiresPupil === "yes",
    contributionApplies: contributionApplies === "yes",
    // Kept when the contribution does not apply, so switching it back on shows the last amount.
    contributionPence: contribution ? contributionAmount.parse(contribution) : null,
    checklist: checklistLabels(checklist),
    // The form asks for both (an emptied box is refused); null is for a caller that leaves one out: the scheme
    // keeps its number and target (a new one: three reviews a year, 20 working days).
    reviewsPerYear: reviewsPerYear === undefined ? null : Number(reviewsPerYear),
    targetWorkingDays: targetWorkingDays === undefined ? null : Number(targetWorkingDays),
  };
}

export const updateSchemeSchema = z
  .object({ version: versionField, ...schemeFields, active: yesNo("Select whether schools can use the scheme for new requests") })
  .superRefine(checkScheme, always)
  .transform(({ active, ...rest }) => ({ ...toRules(rest), active: active === "yes" }));

export const createSchemeSchema = z
  .object({
    code: z
      .string({ error: "Enter a code of 2 to 6 letters, like HNF" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2,6}$/, "Enter a code of 2 to 6 letters, like HNF"),
    ...schemeFields,
  })
  .superRefine(checkScheme, always)
  .transform(toRules);

const reasonLabel = z
  .string({ error: "Enter the reason" })
  .trim()
  .min(1, "Enter the reason")
  .max(200, "The reason must be 200 characters or fewer");

export const addReasonSchema = z.object({ intent: z.literal("add-reason"), label: reasonLabel });

/** `current` is the label the officer was shown: a rename applies only if it is still the label. */
export const renameReasonSchema = z.object({ intent: z.literal("rename"), current: z.string(), label: reasonLabel });

export const setReasonActiveSchema = z.object({ intent: z.enum(["deactivate", "reactivate"]) });
