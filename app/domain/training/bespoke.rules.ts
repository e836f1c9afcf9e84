import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow, intentsOf } from "../workflow/workflow.ts";

/**
 * Bespoke (whole-school) training (issue 9), client-safe and without zod (the forms' schemas are in
 * bespoke.schema.ts): its states and steps. A school asks (submitted); it may withdraw while the council has not decided; an
 * officer accepts it, making a private event for the school, or declines it with a reason.
 * Audiences: `officers` (the council's officers of the school's area, as for a funding request), `school` (its
 * SENCOs, with whoever asked, and headteachers).
 */

export const BESPOKE_STATUSES = ["submitted", "accepted", "declined", "withdrawn"] as const;
export type BespokeStatus = (typeof BESPOKE_STATUSES)[number];

export const BESPOKE_STATUS_LABELS: Record<BespokeStatus, string> = {
  submitted: "Waiting for the council",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

export function isBespokeStatus(value: unknown): value is BespokeStatus {
  return typeof value === "string" && (BESPOKE_STATUSES as readonly string[]).includes(value);
}

export const BESPOKE_WORKFLOW = declareWorkflow({
  name: "training_bespoke_request",
  states: BESPOKE_STATUSES,
  steps: {
    withdraw: { from: ["submitted"], to: "withdrawn", permission: "training:bespoke", event: "withdrawn", tell: ["officers"], intent: "withdraw" },
    accept: { from: ["submitted"], to: "accepted", permission: "training:manage", event: "accepted", tell: ["school"] },
    decline: { from: ["submitted"], to: "declined", permission: "training:manage", event: "declined", tell: ["school"] },
  },
});

export type BespokeStep = keyof typeof BESPOKE_WORKFLOW.steps;
export type BespokeAudience = (typeof BESPOKE_WORKFLOW.steps)[BespokeStep]["tell"][number];

export function bespokeCan(role: Role, status: BespokeStatus) {
  return canFlags(BESPOKE_WORKFLOW, role, status);
}

export const BESPOKE_PAGE_INTENTS = intentsOf(BESPOKE_WORKFLOW);

/** The reference in a URL (TRN-2026-00001); anything else is not a request: 404 (the caller says so). */
export function isBespokeReference(value: string | undefined): value is string {
  return typeof value === "string" && /^TRN-\d{4}-\d{5,9}$/.test(value);
}
