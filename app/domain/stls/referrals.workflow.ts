import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * A LIFT referral as a case (ADR 20, ADR 42): a SENCO's request to the district's LIFT meeting about one pupil of
 * the register. Making the draft is the referrals use-case, not a step. Steps:
 * - saveDraft: the SENCO saves what they have (versioned, no timeline event);
 * - send: complete, with the parents' Agreement to Engage, to a coming meeting of the school's group before its
 *   papers-due day and within its cap on referrals per school (the step's own rules, under the meeting's lock);
 * - withdraw: the SENCO takes it back, a draft at any time, a sent referral until the papers-due day;
 * - carry: the system moves a sent referral not reached (its meeting passed or was cancelled) to the group's next
 *   meeting, its history kept (no actor on the timeline event);
 * - recordOutcome: the district's specialist teacher records LIFT's outcome (advice, training, support from another
 *   school, specialist involvement);
 * - defer: LIFT deferred it: the outcome says why and the referral moves on to the next meeting, still sent.
 * Audiences: `school` (the school's SENCOs and headteachers), `link_teacher` (the school's STLS link teacher, or
 * with none named, the district's STLS teachers).
 */

export const REFERRAL_STATUSES = ["draft", "sent", "outcome", "withdrawn"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  draft: "Draft",
  sent: "Sent to LIFT",
  outcome: "Outcome recorded",
  withdrawn: "Withdrawn",
};

export function isReferralStatus(value: string): value is ReferralStatus {
  return (REFERRAL_STATUSES as readonly string[]).includes(value);
}

export const REFERRAL_WORKFLOW = declareWorkflow({
  name: "lift_referral",
  states: REFERRAL_STATUSES,
  steps: {
    saveDraft: { from: ["draft"], permission: "lift:refer", tell: [] },
    send: { from: ["draft"], to: "sent", permission: "lift:refer", event: "sent", tell: ["link_teacher"], intent: "send" },
    withdraw: { from: ["draft", "sent"], to: "withdrawn", permission: "lift:refer", event: "withdrawn", tell: [], intent: "withdraw" },
    /** Taken by the system (the carry-over sweep, a meeting cancelled): the permission names who keeps meetings. */
    carry: { from: ["sent"], to: "sent", permission: "lift:meetings", event: "carried", tell: ["school"] },
    recordOutcome: { from: ["sent"], to: "outcome", permission: "lift:outcome", event: "outcome_recorded", tell: ["school"], intent: "record_outcome" },
    defer: { from: ["sent"], to: "sent", permission: "lift:outcome", event: "deferred", tell: ["school"], intent: "defer" },
  },
});

export type ReferralStep = keyof typeof REFERRAL_WORKFLOW.steps;
export type ReferralAudience = (typeof REFERRAL_WORKFLOW.steps)[ReferralStep]["tell"][number];

/** What a referral's timeline calls each event (its creation among them). */
export const REFERRAL_EVENT_LABELS: Record<string, string> = {
  created: "Draft started",
  sent: "Sent to LIFT",
  withdrawn: "Withdrawn by the school",
  carried: "Carried to the next meeting",
  outcome_recorded: "Outcome recorded",
  deferred: "Deferred to the next meeting",
};

/** What someone in `role` may do with a referral in `status`. */
export function referralCan(role: Role, status: ReferralStatus) {
  return canFlags(REFERRAL_WORKFLOW, role, status);
}

/** The kinds of outcome LIFT records (lift_outcomes.kind), in the order the form offers them. */
export const OUTCOME_KINDS = ["advice", "training", "school_support", "involvement", "deferred"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const OUTCOME_KIND_LABELS: Record<OutcomeKind, string> = {
  advice: "Advice",
  training: "Training suggested",
  school_support: "Support from another school",
  involvement: "Specialist involvement",
  deferred: "Deferred to the next meeting",
};

export function isOutcomeKind(value: string): value is OutcomeKind {
  return (OUTCOME_KINDS as readonly string[]).includes(value);
}
