import { z } from "zod";
import { monthsInPeriod } from "../financial-year.ts";
import { versionField } from "../record.schema.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";
import type { Role } from "../access/roles.ts";

/**
 * An award's reviews (issue 8; Kent's HNF is reviewed three times a year): client-safe rules, the form and the
 * workflow every review follows. The scheme says how many a year (`funding_schemes.reviews_per_year`).
 */

export const REVIEW_STATUSES = ["due", "recorded", "superseded"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A review waits for the school (due), is recorded once, or was left behind by a corrected decision. */
export const FUNDING_REVIEW_WORKFLOW = declareWorkflow({
  name: "funding_review",
  states: REVIEW_STATUSES,
  steps: {
    record: { from: ["due"], to: "recorded", permission: "funding:review", event: "recorded", tell: [] },
  },
});

export function reviewCan(role: Role, status: ReviewStatus) {
  return canFlags(FUNDING_REVIEW_WORKFLOW, role, status);
}

/** How close a due date must be for a review to count as "due soon" rather than later. */
export const DUE_SOON_DAYS = 28;

/**
 * How many reviews an award has and when each is due: `perYear` a year, in proportion to the months the award
 * touches (rounded up: any award of a scheme with reviews has at least one), due at equal steps through the period,
 * the last on its final day. 1 September to 31 March at three a year: 2 reviews, 15 December and 31 March.
 */
export function reviewDueDates(start: string, end: string, perYear: number): string[] {
  if (perYear <= 0 || end < start) return [];
  const count = Math.max(1, Math.ceil((perYear * monthsInPeriod(start, end)) / 12));
  const first = Date.parse(`${start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - first) / 86_400_000) + 1;
  return Array.from({ length: count }, (_, i) => new Date(first + (Math.round((days * (i + 1)) / count) - 1) * 86_400_000).toISOString().slice(0, 10));
}

/** Where an open review stands on `today` (ISO dates compare as strings). */
export type ReviewTiming = "overdue" | "due_soon" | "later";
export function reviewTiming(dueOn: string, today: string): ReviewTiming {
  if (dueOn < today) return "overdue";
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + DUE_SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  return dueOn <= soon ? "due_soon" : "later";
}
export const REVIEW_TIMING_LABELS: Record<ReviewTiming, string> = { overdue: "Overdue", due_soon: "Due soon", later: "Not due yet" };

const text = (what: string, max: number) => z.string().trim().max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`);

/** The school's review: progress against the plan's outcomes, whether the provision continues, what changes. */
export const reviewSchema = z.object({
  version: versionField,
  progress: text("Progress", 4000).min(1, "Say what progress the pupil has made against the plan's outcomes"),
  provisionContinues: z.enum(["yes", "no"], { error: "Say whether the provision continues" }),
  changes: text("Changes", 4000).optional().default(""),
});
export type ReviewInput = z.output<typeof reviewSchema>;

/** The list's filter: which open reviews to show. */
export const reviewFilterSchema = z.object({
  show: z.enum(["due", "overdue", "all"]).catch("due"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
