import { z } from "zod";
import { type DateFieldInput, dateField, readDateField } from "../date-field.schema.ts";
import { versionField } from "../record.schema.ts";
import { londonToday } from "../financial-year.ts";
import { MAX_AMOUNT_PENCE } from "../money.ts";
import { optionalPoundsField } from "../money.schema.ts";
import { CONSENT_EARLIEST, CONSENT_GIVEN_BY_MAX, type ConsentMethod, isConsentMethod } from "./consent.ts";
import type { DraftSection } from "./draft-sections.ts";
import { MAX_PLAN_LINES, type PlanLine, readPlanLines } from "./funding.rules.ts";
import { CASEWORK_FILTER_FIELDS } from "./casework/queue-filter.schema.ts";

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

/** One costed line of the provision plan, as typed; read by `readPlanLines` (funding.rules.ts). */
const lineSchema = z.object({
  description: z.string().optional(),
  deliveredBy: z.string().optional(),
  hoursPerWeek: z.string().optional(),
  weeks: z.string().optional(),
  cost: z.string().optional(),
});

const amountRequestedField = optionalPoundsField({ name: "the amount requested", example: "12500 or 12,500.50", maxPence: MAX_AMOUNT_PENCE, maxLabel: "£200,000" });
const EVIDENCE_MAX = 1000;

/**
 * A draft's form as sent: the whole request (a form drawn before the task list) or one section's page. Only its
 * shape is checked here; each field is then read on its own (`readDraft`), so one answer that cannot be stored
 * does not stop the others being saved.
 */
export const draftSchema = z.object({
  version,
  /**
   * save: keep as a draft ("Save as draft"); continue: save and go back to the task list once the section is
   * complete ("Save and continue" on a section); check: save and go to check your answers once the whole request
   * is complete; add-line: save and show another blank plan line.
   */
  intent: z.enum(["save", "continue", "check", "add-line"]).catch("save"),
  pupilId: z.string().optional(),
  periodStart: z.custom<DateFieldInput>(() => true).optional(),
  periodEnd: z.custom<DateFieldInput>(() => true).optional(),
  amountRequested: z.string().optional(),
  lines: z.array(lineSchema).max(MAX_PLAN_LINES + 1).optional().default([]),
  evidence: z.record(z.string(), z.string().optional()).optional().default({}),
  consentGivenBy: z.string().optional(),
  consentDate: z.custom<DateFieldInput>(() => true).optional(),
  consentMethod: z.string().optional(),
});
export type DraftInput = z.output<typeof draftSchema>;

/**
 * What a draft's form asks to store, field by field, for the sections it carries: `undefined` leaves the saved
 * value as it is (the field was not on the page, or what was typed cannot be stored), `null` or "" clears it.
 */
export interface DraftPatch {
  pupilId?: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  amountRequested?: number | null;
  lines?: PlanLine[];
  /** By checklist key; a key whose answer cannot be stored is left out, so its saved answer stays. */
  evidence?: Record<string, string>;
  consentGivenBy?: string | null;
  consentDate?: string | null;
  consentMethod?: ConsentMethod | null;
}

/** Reads each field of a draft's form on its own: what can be stored, and why the rest cannot, by field name. */
export function readDraft(input: DraftInput, posted: Set<DraftSection>): { patch: DraftPatch; errors: Record<string, string[]> } {
  const patch: DraftPatch = {};
  const errors: Record<string, string[]> = {};
  if (posted.has("pupil")) patch.pupilId = input.pupilId?.trim() ?? "";
  if (posted.has("period")) {
    for (const [field, label] of [["periodStart", "the start date"], ["periodEnd", "the end date"]] as const) {
      const reading = readDateField(input[field], label, { required: false, missing: "" });
      if (!reading.ok) errors[field] = [reading.message];
      else if (reading.iso && (reading.iso < "2020-04-01" || reading.iso > "2099-03-31")) errors[field] = ["Enter a date in a financial year the council funds"];
      else patch[field] = reading.iso;
    }
  }
  if (posted.has("amount")) {
    const amount = amountRequestedField.safeParse(input.amountRequested);
    if (!amount.success) errors.amountRequested = amount.error.issues.map((i) => i.message);
    else if (amount.data === 0) errors.amountRequested = ["The amount requested must be more than £0"];
    else patch.amountRequested = amount.data;
  }
  if (posted.has("plan")) {
    const plan = readPlanLines(input.lines);
    patch.lines = plan.lines;
    Object.assign(errors, plan.errors);
  }
  if (posted.has("evidence")) {
    patch.evidence = {};
    for (const [key, value] of Object.entries(input.evidence)) {
      const text = value?.trim() ?? "";
      if (text.length > EVIDENCE_MAX) errors[`evidence.${key}`] = ["Answers must be 1,000 characters or fewer"];
      else patch.evidence[key] = text;
    }
  }
  if (posted.has("consent")) Object.assign(patch, readConsent(input, errors));
  return { patch, errors };
}

/**
 * The consent section's three answers, each read on its own: who (a name, short), when (today or before), how. The
 * section's page sends all three, so one sent empty (or a radio left unchosen) is cleared.
 */
function readConsent(input: DraftInput, errors: Record<string, string[]>): DraftPatch {
  const patch: DraftPatch = {};
  const who = input.consentGivenBy?.trim() ?? "";
  if (who.length > CONSENT_GIVEN_BY_MAX) errors.consentGivenBy = [`Who gave consent must be ${CONSENT_GIVEN_BY_MAX} characters or fewer`];
  else patch.consentGivenBy = who || null;
  const reading = readDateField(input.consentDate, "the date consent was given", { required: false, missing: "" });
  if (!reading.ok) errors.consentDate = [reading.message];
  else if (reading.iso && reading.iso > londonToday()) errors.consentDate = ["The date consent was given must be today or in the past"];
  else if (reading.iso && reading.iso < CONSENT_EARLIEST) errors.consentDate = ["The date consent was given must be in 2020 or later"];
  else patch.consentDate = reading.iso;
  const method = input.consentMethod?.trim() ?? "";
  if (method && !isConsentMethod(method)) errors.consentMethod = ["Select how consent was given"];
  else patch.consentMethod = isConsentMethod(method) ? method : null;
  return patch;
}

export const transitionSchema = z.object({
  version,
  comment,
});

/** The headteacher's sign-off: the declaration must be ticked; a comment for the council is optional. */
export const signOffSchema = z.object({
  version,
  comment,
  declaration: z.literal("confirmed", { error: "Confirm the declaration to sign off the request" }),
});

/** "Apply again": a one-off key, so a form sent twice makes one renewal. */
export const renewSchema = z.object({ idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

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
  /** Why the award period goes outside the period requested (required only when it does). */
  periodReason: z.string().trim().max(2000, "The reason for the period must be 2,000 characters or fewer").optional().default(""),
  /**
   * check: show the check page (nothing recorded); change: back to the form with what was typed; confirm (or none,
   * as before the check page): record the decision. The check page's confirm posts the same fields.
   */
  intent: z.enum(["check", "change", "confirm"], { error: "This form is out of date. Reload the page and try again." }).optional().default("confirm"),
});
export type DecisionInput = z.output<typeof decisionSchema>;

export const queueFilterSchema = z.object({
  status: z.string().optional(),
  district: z.string().optional(),
  scheme: z.string().optional(),
  age: z.enum(["", "7", "14", "28"]).optional().catch(""),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(1),
  ...CASEWORK_FILTER_FIELDS,
});
