import { z } from "zod";
import { dateField } from "../date-field.schema.ts";
import { versionField } from "../record.schema.ts";
import { MAX_AMOUNT_PENCE } from "../money.ts";
import { optionalPoundsField } from "../money.schema.ts";
import { MAX_PLAN_LINES } from "./funding.rules.ts";

/** Client-safe: the forms' schemas and the status names. The rules that need the database are in funding.server.ts. */

export const FUNDING_STATUSES = [
  "draft",
  "awaiting_headteacher",
  "submitted",
  "in_review",
  "more_information_needed",
  "approved",
  "partly_approved",
  "declined",
  "withdrawn",
] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

export const FUNDING_STATUS_LABELS: Record<FundingStatus, string> = {
  draft: "Draft",
  awaiting_headteacher: "Awaiting headteacher",
  submitted: "Submitted",
  in_review: "In review",
  more_information_needed: "More information needed",
  approved: "Approved",
  partly_approved: "Partly approved",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

export function isFundingStatus(value: unknown): value is FundingStatus {
  return typeof value === "string" && (FUNDING_STATUSES as readonly string[]).includes(value);
}

export const DECISION_OUTCOMES = ["approved", "partly_approved", "declined"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

const version = versionField;
const comment = z.string().trim().max(2000, "Comments must be 2,000 characters or fewer").optional();

/**
 * A period's date, entered in the GOV.UK date input and read by the one date reader; null when left empty (a
 * draft may not have its period yet: completeness is checked when it is sent).
 */
const date = (what: string) => dateField(what, `Enter ${what}`, { optional: true }).transform((iso) => iso ?? null);

export const newRequestSchema = z.object({
  schemeId: z
    .string({ error: "Select the kind of funding" })
    .regex(/^\d{1,9}$/, "Select the kind of funding")
    .transform(Number),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

/** One costed line of the provision plan, as typed. A line left wholly blank is ignored. */
const lineSchema = z.object({
  description: z.string().trim().max(200, "Descriptions must be 200 characters or fewer").optional().default(""),
  deliveredBy: z.string().trim().max(120, "Who delivers it must be 120 characters or fewer").optional().default(""),
  hoursPerWeek: z.string().trim().optional().default(""),
  weeks: z.string().trim().optional().default(""),
  cost: z.string().trim().optional().default(""),
});

export const draftSchema = z.object({
  version,
  /** save: keep as a draft; add-line: save and show another blank line; check: save and go to check answers. */
  intent: z.enum(["save", "check", "add-line"]).catch("save"),
  pupilId: z.string().trim().optional().default(""),
  periodStart: date("the start date"),
  periodEnd: date("the end date"),
  amountRequested: optionalPoundsField({ name: "the amount requested", example: "12500 or 12,500.50", maxPence: MAX_AMOUNT_PENCE, maxLabel: "£200,000" }),
  lines: z.array(lineSchema).max(MAX_PLAN_LINES + 1).optional().default([]),
  evidence: z.record(z.string(), z.string().trim().max(1000, "Answers must be 1,000 characters or fewer").optional()).optional().default({}),
});
export type DraftInput = z.output<typeof draftSchema>;

export const transitionSchema = z.object({
  version,
  comment,
});

/** Returning a request (headteacher) or asking for more information (officer): the school must know why. */
export const commentRequiredSchema = z.object({
  version,
  comment: z.string({ error: "Say what needs to change" }).trim().min(1, "Say what needs to change").max(2000, "Comments must be 2,000 characters or fewer"),
});

export const decisionSchema = z.object({
  version,
  outcome: z.enum(DECISION_OUTCOMES, { error: "Select a decision" }),
  awarded: optionalPoundsField({ name: "the amount awarded", example: "12500 or 12,500.50", maxPence: MAX_AMOUNT_PENCE, maxLabel: "£200,000" }),
  awardStart: date("the start date"),
  awardEnd: date("the end date"),
  reasonId: z.string().trim().optional().default(""),
  reasonText: z.string().trim().max(2000, "The reason must be 2,000 characters or fewer").optional().default(""),
});
export type DecisionInput = z.output<typeof decisionSchema>;

export const queueFilterSchema = z.object({
  status: z.string().optional(),
  district: z.string().optional(),
  scheme: z.string().optional(),
  age: z.enum(["", "7", "14", "28"]).optional().catch(""),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(1),
});
