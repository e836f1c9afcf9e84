import { formatDateTime } from "../../components/format.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { notifyUsers, schoolStaffIds } from "../notifications/notify.server.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { queueAttendeeEmails, trainingLeadCopy } from "./attendee-mail.server.ts";
import { BOOKING_STORE, type DB, type Trx, addBookingEvent } from "./booking-store.server.ts";

/**
 * The school cancels a booking (ADR 39), up to the event's cancellation cut-off. A booked place freed goes, in the
 * same transaction and under the same event lock, to the first booking on the waiting list (the lowest id): it is
 * booked, `promoted_at` set, the system's step on its timeline, and its attendee (with the calendar invitation)
 * and its school's SENCOs and headteachers are told. A waiting booking cancelled just leaves the list.
 */
export async function cancelBooking(
  db: DB,
  actor: Actor,
  bookingId: string,
  input: { version: number },
  requestId: string,
  now = new Date(),
): Promise<StepResult> {
  return takeStep(db, actor, BOOKING_STORE, "cancel", { key: bookingId, version: input.version, fields: { intent: "cancel" } }, requestId, async (trx, row) => {
    if (new Date(row.event.cancellation_closes_at) <= now) {
      return { ok: false, formError: `This booking can no longer be cancelled: cancelling closed on ${formatDateTime(row.event.cancellation_closes_at)}.` };
    }
    const event = await eventTitle(trx, row.event_id);
    await queueAttendeeEmails(trx, [
      {
        to: row.attendee_email,
        copy: await trainingLeadCopy(trx, row.school_id),
        subject: `Training cancelled: ${event.title}, ${formatDateTime(event.starts_at)}`,
        message:
          row.status === "booked"
            ? `${row.attendee_name}, your school has cancelled your place on "${event.title}" on ${formatDateTime(event.starts_at)}.`
            : `${row.attendee_name}, your school has taken you off the waiting list for "${event.title}" on ${formatDateTime(event.starts_at)}.`,
        link: "/training",
        ...(row.status === "booked" ? { calendar: { eventId: row.event_id, bookingId: row.id, kind: "cancel" as const } } : {}),
      },
    ]);
    if (row.status === "booked" && row.event.status === "published" && new Date(row.event.starts_at) > now) {
      await promoteFirstWaiting(trx, row.event_id, row.id, requestId, now);
    }
    return { set: { cancelled_at: now, cancelled_by: actor.userId, cancelled_why: "school" } };
  });
}

async function eventTitle(trx: Trx, eventId: number) {
  return trx
    .selectFrom("training_events")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .select(["training_courses.title", "training_events.starts_at"])
    .where("training_events.id", "=", eventId)
    .executeTakeFirstOrThrow();
}

/**
 * Gives the place freed on the event (whose row the caller has locked) to the first waiting booking, if any: the
 * system's step, no actor. Returns the booking promoted.
 */
export async function promoteFirstWaiting(trx: Trx, eventId: number, freedBy: number, requestId: string, now = new Date()): Promise<number | null> {
  const first = await trx
    .selectFrom("training_bookings")
    .select(["id", "school_id", "attendee_name", "attendee_email"])
    .where("event_id", "=", eventId)
    .where("status", "=", "waiting")
    .orderBy("id")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!first) return null;
  await trx
    .updateTable("training_bookings")
    .set((eb) => ({ status: "booked", promoted_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", first.id)
    .execute();
  await addBookingEvent(trx, null, first.id, { action: "promoted", from: "waiting", to: "booked" });
  await recordAudit(trx, {
    action: "training_booking.promoted",
    subjectType: "training_booking",
    subjectId: first.id,
    requestId,
    detail: { eventId, from: "waiting", to: "booked", placeFreedBy: freedBy },
  });
  const event = await eventTitle(trx, eventId);
  const when = formatDateTime(event.starts_at);
  await queueAttendeeEmails(trx, [
    {
      to: first.attendee_email,
      copy: await trainingLeadCopy(trx, first.school_id),
      subject: `Training booked: ${event.title}, ${when}`,
      message: `${first.attendee_name}, a place has come free on "${event.title}" on ${when}: you were first on the waiting list, so it is yours. The calendar invitation is attached.`,
      link: "/training",
      calendar: { eventId, bookingId: first.id, kind: "request" },
    },
  ]);
  await notifyUsers(trx, await schoolStaffIds(trx, first.school_id), {
    subject: `A waiting-list place on ${event.title} has been booked`,
    message: `A place came free on "${event.title}" on ${when}, and ${first.attendee_name} from your school's waiting list now has it.`,
    link: `/training/bookings/${first.id}`,
  });
  return first.id;
}
