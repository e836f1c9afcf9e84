import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * A termly SRP return as a case (ADR 50): one SRP's return for one window, made when its school first saves or
 * sends it. A draft keeps what can be stored (a versioned change, no step); steps:
 * - send: the school's SENCO or headteacher sends the draft, complete, while the window is open;
 * - correct: they send it again, corrected, until the window closes.
 * Each send keeps its figures as a new row of srp_return_versions; nobody is told (officers read the overview,
 * where a return above the places commissioned is flagged).
 */

export const RETURN_STATUSES = ["draft", "sent"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = { draft: "Draft", sent: "Sent" };

export function isReturnStatus(value: string): value is ReturnStatus {
  return (RETURN_STATUSES as readonly string[]).includes(value);
}

export const RETURN_WORKFLOW = declareWorkflow({
  name: "srp_return",
  states: RETURN_STATUSES,
  steps: {
    send: { from: ["draft"], to: "sent", permission: "provision:return", event: "sent", tell: [], intent: "send" },
    correct: { from: ["sent"], to: "sent", permission: "provision:return", event: "corrected", tell: [], intent: "send" },
  },
});

export type ReturnStep = keyof typeof RETURN_WORKFLOW.steps;
export type ReturnAudience = never;

export const RETURN_EVENT_LABELS: Record<string, string> = {
  draft_saved: "Draft saved",
  sent: "Sent",
  corrected: "Correction sent",
};

export function returnCan(role: Role, status: ReturnStatus) {
  return canFlags(RETURN_WORKFLOW, role, status);
}
