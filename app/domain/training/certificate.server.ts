import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, idParam, notFound, requirePermission } from "../access/access.server.ts";
import { trainingBookingInReach } from "../access/scopes.server.ts";
import { londonToday } from "../financial-year.ts";

/**
 * A certificate of attendance (issue 9): one per booking marked as attended, seen by the booking's school's staff,
 * the council, the event's presenter and the Inclusion Champions of the school (trainingBookingInReach); for anyone
 * else, or a booking not attended, the same 404 as a booking that does not exist.
 */

type DB = Kysely<Database>;

export interface Certificate {
  bookingId: number;
  name: string;
  role: string;
  school: string;
  course: string;
  programme: string;
  provider: string;
  /** The event's first day, Europe/London (ISO). */
  date: string;
  /** Its last day, when it runs over more than one. */
  endDate: string | null;
  hours: number;
  /** "3 hours", "1.5 hours", "1 hour". */
  hoursText: string;
  presenter: string;
}

export async function getCertificate(db: DB, actor: Actor, bookingKey: string | undefined): Promise<Certificate> {
  requirePermission(actor, "training:view");
  const row = await db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .innerJoin("schools", "schools.id", "training_bookings.school_id")
    .select([
      "training_bookings.id",
      "training_bookings.attendee_name",
      "training_bookings.attendee_role",
      "schools.name as school",
      "training_courses.title as course",
      "training_programmes.name as programme",
      "training_programmes.provider",
      "training_events.starts_at",
      "training_events.ends_at",
      "training_events.hours",
      "training_events.presenter_name",
    ])
    .where("training_bookings.id", "=", idParam(bookingKey))
    .where("training_bookings.status", "=", "booked")
    .where("training_bookings.attended", "=", true)
    .where(trainingBookingInReach(actor))
    .executeTakeFirst();
  if (!row) notFound();
  const date = londonToday(new Date(row.starts_at));
  const endDate = londonToday(new Date(row.ends_at));
  return {
    bookingId: row.id,
    name: row.attendee_name,
    role: row.attendee_role,
    school: row.school,
    course: row.course,
    programme: row.programme,
    provider: row.provider,
    date,
    endDate: endDate === date ? null : endDate,
    hours: Number(row.hours),
    hoursText: formatHours(Number(row.hours)),
    presenter: row.presenter_name,
  };
}

export function formatHours(hours: number): string {
  return `${hours} ${hours === 1 ? "hour" : "hours"}`;
}
