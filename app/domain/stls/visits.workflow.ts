import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * A specialist visit or a drop-in clinic booking as a case (ADR 20, ADR 42): one school's booking of one slot of a
 * specialist teacher. Booking it is the visits use-case (it locks the slot, and for a visit the involvement whose
 * allocated visits it uses), not a step. Steps:
 * - cancelBySchool / cancelBySpecialist: either side takes it back before it starts, with a reason;
 * - writeNote: after the visit, the specialist's outcome note, which the school reads; the visit is done.
 * Audiences: `school` (the school's SENCOs and headteachers), `specialist` (the slot's teacher).
 */

export const VISIT_STATUSES = ["booked", "cancelled", "done"] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  booked: "Booked",
  cancelled: "Cancelled",
  done: "Done",
};

export function isVisitStatus(value: string): value is VisitStatus {
  return (VISIT_STATUSES as readonly string[]).includes(value);
}

export const VISIT_WORKFLOW = declareWorkflow({
  name: "stls_visit",
  states: VISIT_STATUSES,
  steps: {
    cancelBySchool: { from: ["booked"], to: "cancelled", permission: "stls:book", event: "cancelled_by_school", tell: ["specialist"], intent: "cancel" },
    cancelBySpecialist: { from: ["booked"], to: "cancelled", permission: "stls:visits", event: "cancelled_by_specialist", tell: ["school"], intent: "cancel_visit" },
    writeNote: { from: ["booked"], to: "done", permission: "stls:visits", event: "note_written", tell: ["school"], intent: "write_note" },
  },
});

export type VisitStep = keyof typeof VISIT_WORKFLOW.steps;
export type VisitAudience = (typeof VISIT_WORKFLOW.steps)[VisitStep]["tell"][number];

export const VISIT_EVENT_LABELS: Record<string, string> = {
  booked: "Booked",
  cancelled_by_school: "Cancelled by the school",
  cancelled_by_specialist: "Cancelled by the specialist teacher",
  note_written: "Visit note written",
};

export function visitCan(role: Role, status: VisitStatus) {
  return canFlags(VISIT_WORKFLOW, role, status);
}

export const SLOT_KINDS = ["visit", "clinic"] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
export const SLOT_KIND_LABELS: Record<SlotKind, string> = { visit: "Visit", clinic: "Drop-in clinic" };

/** The most weeks of slots a teacher publishes at once (the slot form's "weeks in a row"). */
export const MAX_WEEKS = 12;
