import { sql } from "kysely";
import { formatDateTime } from "../../components/format.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId, trainingBookingInReach, trainingEventInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { Refusal, Result } from "../result.ts";
import { submissionDigest } from "../workflow/resubmission.server.ts";
import { takePlace } from "../workflow/bookable.server.ts";
import { type AttendeeEmail, queueAttendeeEmails, trainingLeadCopy } from "./attendee-mail.server.ts";
import { type BookingInput, peopleOf } from "./booking.schema.ts";
import { type DB, type Trx, addBookingEvent } from "./booking-store.server.ts";

/**
 * Booking named staff onto an event (ADR 39). One transaction under the event's row lock (takePlace, ADR 20): the
 * event is checked (open for booking, not started, not cancelled), every person is checked (a real address, not
 * twice in the form, not already on the event), then each is given a place while places last, in the order of the
 * form, and the rest join the waiting list, whose order is the booking id taken under the same lock. With "book
 * none" chosen, too few places refuses the whole booking. A refusal saves nothing. The same form sent again (its
 * one-off key, kept as the digest on the bookings' timeline events) is answered with the bookings it made.
 */

export const TRAINING_EVENT_PLACES = {
  table: "training_events",
  capacityColumn: "places",
  bookings: { table: "training_bookings", thingColumn: "event_id", holdsPlace: sql<boolean>`status = 'booked'` },
};

/** The event as the booking page shows it, under the actor's reach (404 otherwise). */
export async function getBookableEvent(db: DB, actor: Actor, eventId: number, now = new Date()) {
  requirePermission(actor, "training:book");
  const event = await db
    .selectFrom("training_events")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .select([
      "training_events.id",
      "training_events.status",
      "training_events.starts_at",
      "training_events.ends_at",
      "training_events.venue",
      "training_events.online_url",
      "training_events.places",
      "training_events.booking_closes_at",
      "training_events.cancellation_closes_at",
      "training_events.cost_pence",
      "training_courses.title",
      "training_events.booked_count as booked",
    ])
    .where("training_events.id", "=", eventId)
    .where(trainingEventInReach(actor))
    .executeTakeFirst();
  if (!event) notFound();
  const placesLeft = Math.max(0, event.places - event.booked);
  return { ...event, placesLeft, closedBecause: closedBecause(event, now) };
}

/** Why the event cannot be booked now, in words; null while it can. */
export function closedBecause(event: { status: string; starts_at: Date | string; booking_closes_at: Date | string }, now: Date): string | null {
  if (event.status === "cancelled") return "This event has been cancelled, so it cannot be booked.";
  if (event.status !== "published") return "This event is not open for booking yet.";
  if (new Date(event.starts_at) <= now) return "This event has already taken place, so it cannot be booked.";
  if (new Date(event.booking_closes_at) <= now) return `Booking for this event closed on ${formatDateTime(event.booking_closes_at)}.`;
  return null;
}

export interface MadeBooking {
  id: number;
  name: string;
  email: string;
  status: "booked" | "waiting";
}

export async function bookPeople(
  db: DB,
  actor: Actor,
  eventId: number,
  input: BookingInput,
  requestId: string,
  now = new Date(),
): Promise<Result<{ bookings: number[]; again: boolean }>> {
  requirePermission(actor, "training:book");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const people = peopleOf(input);
  // Twice in one form: refused on the second row.
  const seen = new Map<string, number>();
  const fieldErrors: Record<string, string[]> = {};
  for (const { index, person } of people) {
    if (seen.has(person.email)) fieldErrors[`people[${index}].email`] = [`${person.email} is already in this booking (person ${seen.get(person.email)! + 1})`];
    else seen.set(person.email, index);
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const digest = submissionDigest({ step: "training_booking.book", eventId, key: input.idempotencyKey });
  return db.transaction().execute(async (trx): Promise<Result<{ bookings: number[]; again: boolean }>> => {
    const event = await trx
      .selectFrom("training_events")
      .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
      .select(["training_events.id", "training_events.status", "training_events.starts_at", "training_events.booking_closes_at", "training_events.places"])
      .select("training_courses.title")
      .where("training_events.id", "=", eventId)
      .where(trainingEventInReach(actor))
      .forUpdate("training_events")
      .executeTakeFirst();
    if (!event) notFound();
    // The same form again (a double click, a resend after a slow reply): the first did the work.
    const earlier = await trx
      .selectFrom("training_booking_events")
      .innerJoin("training_bookings", "training_bookings.id", "training_booking_events.training_booking_id")
      .select("training_bookings.id")
      .where("training_bookings.event_id", "=", eventId)
      .where("training_booking_events.actor_user_id", "=", actor.userId)
      .where("training_booking_events.submission_digest", "=", digest)
      .orderBy("training_bookings.id")
      .execute();
    if (earlier.length > 0) return { ok: true, bookings: earlier.map((b) => b.id), again: true };
    const closed = closedBecause(event, now);
    if (closed) return { ok: false, formError: closed };
    const already = await trx
      .selectFrom("training_bookings")
      .select(["attendee_email", "school_id"])
      .where("event_id", "=", eventId)
      .where("status", "<>", "cancelled")
      .where("attendee_email", "in", people.map((p) => p.person.email))
      .execute();
    for (const { index, person } of people) {
      const on = already.find((a) => a.attendee_email === person.email);
      if (on) fieldErrors[`people[${index}].email`] = [`${person.email} is already booked on this event${on.school_id === schoolId ? "" : " by another school"}`];
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
    const booked = await trx.selectFrom("training_bookings").select((eb) => eb.fn.countAll<string>().as("n")).where("event_id", "=", eventId).where("status", "=", "booked").executeTakeFirstOrThrow();
    const left = Math.max(0, event.places - Number(booked.n));
    if (input.whenFull === "none" && people.length > left) return notEnoughPlaces(left, people.length);

    const made: MadeBooking[] = [];
    for (const { person } of people) {
      const insert = (status: "booked" | "waiting") => (t: Trx) =>
        t
          .insertInto("training_bookings")
          .values({ event_id: eventId, school_id: schoolId, status, attendee_name: person.name, attendee_role: person.role, attendee_email: person.email, booked_by: actor.userId })
          .returning("id")
          .executeTakeFirstOrThrow();
      const place = await takePlace(trx, TRAINING_EVENT_PLACES, eventId, insert("booked"));
      const status = place.ok ? "booked" : "waiting";
      const row = place.ok ? place.value : await insert("waiting")(trx);
      await addBookingEvent(trx, actor, row.id, { action: status === "booked" ? "booked" : "joined_waiting_list", from: null, to: status, digest });
      await recordAudit(trx, {
        actor,
        action: `training_booking.${status === "booked" ? "booked" : "joined_waiting_list"}`,
        subjectType: "training_booking",
        subjectId: row.id,
        requestId,
        detail: { eventId, to: status },
      });
      made.push({ id: row.id, name: person.name, email: person.email, status });
    }
    await tellAttendees(trx, schoolId, event, made);
    return { ok: true, bookings: made.map((m) => m.id), again: false };
  });
}

function notEnoughPlaces(left: number, asked: number): Refusal {
  const places = left === 0 ? "There are no places left" : left === 1 ? "There is only 1 place left" : `There are only ${left} places left`;
  return {
    ok: false,
    formError: `${places} for the ${asked} people you asked for, so nobody has been booked. Book fewer people, or choose to put the rest on the waiting list.`,
  };
}

async function tellAttendees(trx: Trx, schoolId: number, event: { id: number; title: string; starts_at: Date | string }, made: MadeBooking[]) {
  const copy = await trainingLeadCopy(trx, schoolId);
  const when = formatDateTime(event.starts_at);
  const emails: AttendeeEmail[] = [];
  for (const booking of made) {
    if (booking.status === "booked") {
      emails.push({
        to: booking.email,
        copy,
        subject: `Training booked: ${event.title}, ${when}`,
        message: `${booking.name}, you have a place on "${event.title}" on ${when}. The calendar invitation is attached.`,
        link: "/training",
        calendar: { eventId: event.id, bookingId: booking.id, kind: "request" },
      });
    } else {
      const position = await waitingPosition(trx, event.id, booking.id);
      emails.push({
        to: booking.email,
        copy,
        subject: `Waiting list: ${event.title}, ${when}`,
        message: `${booking.name}, "${event.title}" on ${when} is full, so you are number ${position} on its waiting list. If a place comes free you will be booked and told.`,
        link: "/training",
      });
    }
  }
  await queueAttendeeEmails(trx, emails);
}

/** Where a waiting booking stands: 1 for the first in line (the lowest id of the event's waiting bookings). */
export async function waitingPosition(db: DB, eventId: number, bookingId: number): Promise<number> {
  const row = await db
    .selectFrom("training_bookings")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "waiting")
    .where("id", "<=", bookingId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The bookings one form made, for its confirmation page: who has a place, who is waiting and where. */
export async function bookingConfirmation(db: DB, actor: Actor, eventId: number, ids: number[]) {
  requirePermission(actor, "training:book");
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("training_bookings")
    .select(["id", "status", "attendee_name", "attendee_role", "attendee_email", "event_id"])
    .select(
      sql<number | null>`case when status = 'waiting' then (select count(*) from training_bookings w where w.event_id = training_bookings.event_id and w.status = 'waiting' and w.id <= training_bookings.id) end`.as(
        "position",
      ),
    )
    .where("event_id", "=", eventId)
    .where("id", "in", ids.slice(0, 10))
    .where(trainingBookingInReach(actor))
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, position: r.position === null ? null : Number(r.position) }));
}
