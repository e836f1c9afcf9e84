import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * A training booking as a case (ADR 20, ADR 39): one named member of staff on one event. It starts booked (a place
 * was left) or waiting (in the order asked: the booking id, taken under the event's row lock); making it is the
 * booking use-case (bookings.server.ts), not a step. Steps:
 * - cancel: the school takes it back, up to the event's cancellation cut-off; a booked place freed promotes the
 *   first waiting booking (the step's own rules, in the same transaction);
 * - promote: the system gives a waiting booking the place a cancellation freed (no actor on its timeline event);
 * - eventCancelled: the council cancelled the event (written in bulk by the catalogue's cancel use-case);
 * - markAttendance: on the day, whether the person came (the attendance part); it stays booked.
 * Audiences: `school` (the school's SENCOs and headteachers). Attendees have no account: they are emailed
 * (attendee-mail.server.ts) by the step's rules.
 */

export const BOOKING_STATUSES = ["booked", "waiting", "cancelled"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: "Booked",
  waiting: "On the waiting list",
  cancelled: "Cancelled",
};

export function isBookingStatus(value: string): value is BookingStatus {
  return (BOOKING_STATUSES as readonly string[]).includes(value);
}

export const BOOKING_WORKFLOW = declareWorkflow({
  name: "training_booking",
  states: BOOKING_STATUSES,
  steps: {
    cancel: { from: ["booked", "waiting"], to: "cancelled", permission: "training:book", event: "cancelled", tell: [], intent: "cancel" },
    /** Taken by the system inside a cancellation's transaction: the permission names who sets it going (the school). */
    promote: { from: ["waiting"], to: "booked", permission: "training:book", event: "promoted", tell: ["school"] },
    eventCancelled: { from: ["booked", "waiting"], to: "cancelled", permission: "training:manage", event: "event_cancelled", tell: ["school"] },
    markAttendance: { from: ["booked"], to: "booked", permission: "training:attendance", event: "attendance_marked", tell: [] },
  },
});

export type BookingStep = keyof typeof BOOKING_WORKFLOW.steps;
export type BookingAudience = (typeof BOOKING_WORKFLOW.steps)[BookingStep]["tell"][number];

/** What the timeline calls each event a booking's history holds (the booking's own creation among them). */
export const BOOKING_EVENT_LABELS: Record<string, string> = {
  booked: "Booked",
  joined_waiting_list: "Joined the waiting list",
  cancelled: "Cancelled by the school",
  promoted: "Given a place from the waiting list",
  event_cancelled: "Event cancelled by the council",
  attendance_marked: "Attendance marked",
};

/** What someone in `role` may do with a booking in `status`. */
export function bookingCan(role: Role, status: BookingStatus) {
  return canFlags(BOOKING_WORKFLOW, role, status);
}
