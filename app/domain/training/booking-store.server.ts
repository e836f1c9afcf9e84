import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { trainingBookingInReach } from "../access/scopes.server.ts";
import { schoolStaffIds } from "../notifications/notify.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { BOOKING_EVENT_LABELS, BOOKING_STATUS_LABELS, BOOKING_WORKFLOW, type BookingAudience, type BookingStatus, type BookingStep, isBookingStatus } from "./bookings.workflow.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";

/**
 * How training bookings are stored, for the engine (app/domain/workflow/engine.server.ts): the booking row under
 * the actor's reach (trainingBookingInReach), its timeline (training_booking_events, whose actor is empty for a
 * step the system took). Locks are always taken event first, then booking: the booking use-case locks the event
 * to count its places, and a cancellation (which may promote another booking of the same event) takes the same
 * order, so the two never wait on each other in a circle.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

async function lockBooking(trx: Trx, actor: Actor, key: string) {
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const found = await trx.selectFrom("training_bookings").select("event_id").where("id", "=", id).where(trainingBookingInReach(actor)).executeTakeFirst();
  if (!found) return undefined;
  const event = await trx
    .selectFrom("training_events")
    .select(["id", "status", "starts_at", "cancellation_closes_at", "places"])
    .where("id", "=", found.event_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const row = await trx
    .selectFrom("training_bookings")
    .select(["id", "status", "version", "event_id", "school_id", "attendee_name", "attendee_email", "booked_by"])
    .where("id", "=", id)
    .where(trainingBookingInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row || !isBookingStatus(row.status)) return undefined;
  return { ...row, status: row.status as BookingStatus, event };
}

export type LockedBooking = NonNullable<Awaited<ReturnType<typeof lockBooking>>>;

const BOOKING_TIMELINE = { table: "training_booking_events", caseColumn: "training_booking_id" };

/** Appends one event to a booking's timeline (append-only); `actor` null for the system's own steps. */
export async function addBookingEvent(
  trx: Trx,
  actor: Pick<Actor, "userId" | "role"> | null,
  bookingId: number,
  event: { action: string; from: BookingStatus | null; to: BookingStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, BOOKING_TIMELINE, bookingId, actor, event);
}

export const BOOKING_STORE: CaseStore<BookingStatus, BookingStep, BookingAudience, LockedBooking> = {
  workflow: BOOKING_WORKFLOW,
  noun: "booking",
  lock: lockBooking,
  stateLabel: (status) => BOOKING_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("training_bookings")
      .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => addBookingEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, BOOKING_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, BOOKING_TIMELINE, row.id, BOOKING_EVENT_LABELS),
  audience: (trx, row) => schoolStaffIds(trx, row.school_id),
  auditDetail: (row) => ({ eventId: row.event_id }),
};
