import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow, intentsOf } from "../workflow/workflow.ts";
import { FUNDING_STATUSES, type FundingStatus } from "./funding.schema.ts";

/**
 * A funding request's states and steps (ADR 8, ADR 20), declared once. Client-safe: the engine runs these steps
 * (transitions.server.ts), the request page's `can` flags and the route's intent table come from here.
 * Audiences: `headteachers` and `sencos` of the request's school (the SENCO who started it among them), `school`
 * (both), `officers` (the council's).
 */
export const EDITABLE = ["draft", "more_information_needed"] as const satisfies FundingStatus[];
export const WITHDRAWABLE = ["draft", "awaiting_headteacher", "submitted", "in_review", "more_information_needed"] as const satisfies FundingStatus[];
/** Waiting for the council: what its queue shows by default, and what "waiting" counts. */
export const DECIDABLE = ["submitted", "in_review"] as const satisfies FundingStatus[];
export const DECIDED = ["approved", "partly_approved", "declined"] as const satisfies FundingStatus[];
/** Open with the council (waiting for it, or back with the school for more): assigned to an officer (ADR 30). */
export const ASSIGNABLE = ["submitted", "in_review", "more_information_needed"] as const satisfies FundingStatus[];

export const FUNDING_WORKFLOW = declareWorkflow({
  name: "funding_request",
  states: FUNDING_STATUSES,
  steps: {
    /** The SENCO saves the draft: a versioned change that moves nowhere and writes no timeline event. */
    edit: { from: EDITABLE, permission: "funding:draft", tell: [] },
    send: { from: EDITABLE, to: "awaiting_headteacher", permission: "funding:draft", event: "sent_to_headteacher", tell: ["headteachers"] },
    signOff: { from: ["awaiting_headteacher"], to: "submitted", permission: "funding:sign_off", event: "signed_off", tell: ["officers"], intent: "sign_off" },
    /** Back to where it came from: a draft, or a request the council asked more of (the step decides). */
    returnToSenco: { from: ["awaiting_headteacher"], to: "draft", permission: "funding:sign_off", event: "returned", tell: ["sencos"], intent: "return" },
    /** The council is told only if the request had reached it (the step decides). */
    withdraw: { from: WITHDRAWABLE, to: "withdrawn", permission: "funding:withdraw", event: "withdrawn", tell: ["officers"], intent: "withdraw" },
    startReview: { from: ["submitted"], to: "in_review", permission: "funding:decide", event: "review_started", tell: [], intent: "start_review" },
    askForInformation: {
      from: DECIDABLE,
      to: "more_information_needed",
      permission: "funding:decide",
      event: "information_requested",
      tell: ["school"],
      intent: "more_information",
    },
    /** The outcome is the state it leads to (the step decides). */
    decide: { from: DECIDABLE, permission: "funding:decide", event: "decided", tell: ["school"] },
    /** A decision is never edited: a correction is a new decision naming the one it corrects. */
    correct: { from: DECIDED, permission: "funding:decide", event: "corrected", tell: ["school"] },
    /** Officer: assigns the request to an officer of its area, themselves or a colleague (who is told); it stays where it is. */
    assign: { from: ASSIGNABLE, permission: "funding:casework", event: "assigned", tell: ["assignee"] },
  },
});

export type FundingStep = keyof typeof FUNDING_WORKFLOW.steps;
export type FundingAudience = (typeof FUNDING_WORKFLOW.steps)[FundingStep]["tell"][number];

/**
 * Who is told when a request in `status` is withdrawn: the council, if the request is waiting for it (sent and
 * signed off, or in review); nobody otherwise. The step (transitions.server.ts) tells them and the request page's
 * confirm step says so, from this one rule.
 */
export function toldOfWithdrawal(status: FundingStatus): FundingAudience[] {
  return (DECIDABLE as readonly FundingStatus[]).includes(status) ? ["officers"] : [];
}

/** What someone in `role` may do with a request in `status`: the request page's buttons and links. */
export function fundingCan(role: Role, status: FundingStatus) {
  return canFlags(FUNDING_WORKFLOW, role, status);
}

/** The request page's intents (the form's `intent` value) and the step each asks for. */
export const FUNDING_PAGE_INTENTS = intentsOf(FUNDING_WORKFLOW);
