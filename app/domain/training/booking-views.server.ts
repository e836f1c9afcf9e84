import { sql } from "kysely";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { trainingBookingInReach } from "../access/scopes.server.ts";
import { type DB } from "./booking-store.server.ts";
import { BOOKING_EVENT_LABELS, type BookingStatus, bookingCan, isBookingStatus } from "./bookings.workflow.ts";

/** The school's bookings (upcoming and past, with status and waiting position) and one booking's page. */

export const BOOKINGS_PAGE_SIZE = 50;

const POSITION = sql<
  number | null
>`case when training_bookings.status = 'waiting' then (select count(*) from training_bookings w where w.event_id = training_bookings.event_id and w.status = 'waiting' and w.id <= training_bookings.id) end`;

export async function listSchoolBookings(db: DB, actor: Actor, filter: { show: "upcoming" | "past"; page: number }, now = new Date()) {
  requirePermission(actor, "training:book");
  const base = db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .where(trainingBookingInReach(actor))
    .where("training_events.starts_at", filter.show === "upcoming" ? ">" : "<=", now);
  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const pages = Math.max(1, Math.ceil(total / BOOKINGS_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page), pages);
  const rows = await base
    .select([
      "training_bookings.id",
      "training_bookings.status",
      "training_bookings.attendee_name",
      "training_bookings.attendee_role",
      "training_bookings.attended",
      "training_bookings.cancelled_why",
      "training_events.id as event_id",
      "training_events.starts_at",
      "training_events.status as event_status",
      "training_courses.title",
    ])
    .select(POSITION.as("position"))
    .orderBy("training_events.starts_at", filter.show === "upcoming" ? "asc" : "desc")
    .orderBy("training_bookings.id")
    .limit(BOOKINGS_PAGE_SIZE)
    .offset((page - 1) * BOOKINGS_PAGE_SIZE)
    .execute();
  return {
    show: filter.show,
    total,
    page,
    pages,
    rows: rows.map((r) => ({ ...r, status: r.status as BookingStatus, position: r.position === null ? null : Number(r.position) })),
  };
}

export type SchoolBookingRow = Awaited<ReturnType<typeof listSchoolBookings>>["rows"][number];

/** One booking under the actor's reach (404 otherwise), with its event, timeline and what they may do. */
export async function getBooking(db: DB, actor: Actor, bookingId: number, now = new Date()) {
  requirePermission(actor, "training:view");
  const row = await db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("schools", "schools.id", "training_bookings.school_id")
    .select([
      "training_bookings.id",
      "training_bookings.status",
      "training_bookings.version",
      "training_bookings.attendee_name",
      "training_bookings.attendee_role",
      "training_bookings.attendee_email",
      "training_bookings.promoted_at",
      "training_bookings.cancelled_at",
      "training_bookings.cancelled_why",
      "training_bookings.attended",
      "training_events.id as event_id",
      "training_events.starts_at",
      "training_events.ends_at",
      "training_events.venue",
      "training_events.online_url",
      "training_events.cancellation_closes_at",
      "training_events.status as event_status",
      "training_courses.title",
      "schools.name as school",
    ])
    .select(POSITION.as("position"))
    .where("training_bookings.id", "=", bookingId)
    .where(trainingBookingInReach(actor))
    .executeTakeFirst();
  if (!row || !isBookingStatus(row.status)) notFound();
  const timeline = await db
    .selectFrom("training_booking_events")
    .leftJoin("users", "users.id", "training_booking_events.actor_user_id")
    .select(["training_booking_events.id", "training_booking_events.action", "training_booking_events.occurred_at", "users.display_name as who"])
    .where("training_booking_id", "=", row.id)
    .orderBy("training_booking_events.id")
    .execute();
  const status = row.status as BookingStatus;
  const cancellable = new Date(row.cancellation_closes_at) > now;
  return {
    ...row,
    status,
    position: row.position === null ? null : Number(row.position),
    cancellable,
    can: { cancel: bookingCan(actor.role, status).cancel && cancellable },
    timeline: timeline.map((e) => ({ id: Number(e.id), label: BOOKING_EVENT_LABELS[e.action] ?? e.action, at: e.occurred_at, who: e.who ?? "The portal" })),
  };
}
