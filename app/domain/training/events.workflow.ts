import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * A training event's states and steps (ADR 20, ADR 38), declared once. Client-safe: the engine runs these steps
 * (events.server.ts), the council's event page draws its buttons from `eventCan`.
 * Audience `booked_schools`: the SENCOs and headteachers of every school with someone booked or waiting on the
 * event (or, once the event is cancelled, whose bookings the cancellation freed).
 */
export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = { draft: "Draft", published: "Published", cancelled: "Cancelled" };

export function isEventStatus(value: string): value is EventStatus {
  return (EVENT_STATUSES as readonly string[]).includes(value);
}

export const EVENTS_WORKFLOW = declareWorkflow({
  name: "training_event",
  states: EVENT_STATUSES,
  steps: {
    /** Schools can see and book it from now on. */
    publish: { from: ["draft"], to: "published", permission: "training:manage", event: "published", tell: [], intent: "publish" },
    /** Its details changed; when the time or place of a published event moves, everyone booked is told (the step decides). */
    change: { from: ["draft", "published"], permission: "training:manage", event: "changed", tell: ["booked_schools"], intent: "change" },
    /** With a reason: everyone booked or waiting is told and their bookings are freed. */
    cancel: { from: ["draft", "published"], to: "cancelled", permission: "training:manage", event: "cancelled", tell: ["booked_schools"], intent: "cancel" },
  },
});

export type EventStep = keyof typeof EVENTS_WORKFLOW.steps;
export type EventAudience = (typeof EVENTS_WORKFLOW.steps)[EventStep]["tell"][number];

/** What someone in `role` may do with an event in `status`: the council's event page's buttons. */
export function eventCan(role: Role, status: EventStatus) {
  return canFlags(EVENTS_WORKFLOW, role, status);
}
