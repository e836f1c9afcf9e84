import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { formatDate } from "../../components/format.ts";
import { type Actor, idParam, notFound, requirePermission } from "../access/access.server.ts";
import { runsTrainingEvent, trainingEventInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { type Result, staleMessage } from "../result.ts";
import type { AttendanceInput } from "./attendance.schema.ts";
import { issueEvaluationInvitations } from "./evaluation.server.ts";

/**
 * The attendee list of an event and its register (issue 9): who is booked, who waits and in what order, and, from
 * the event's first day (Europe/London), whether each booked person came. The council runs every event's register,
 * an STLS teacher only those they present (runsTrainingEvent); anyone else gets the same 404 as a missing event.
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

/** The event as the attendance pages need it, only if the actor runs its register. */
export async function eventForAttendance(db: DB, actor: Actor, eventKey: string | undefined, lock = false) {
  requirePermission(actor, "training:attendance");
  let query = db
    .selectFrom("training_events")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .select([
      "training_events.id",
      "training_events.status",
      "training_events.starts_at",
      "training_events.ends_at",
      "training_events.venue",
      "training_events.online_url",
      "training_events.places",
      "training_events.hours",
      "training_events.presenter_name",
      "training_events.presenter_user_id",
      "training_courses.title as course",
      "training_programmes.name as programme",
    ])
    .where("training_events.id", "=", idParam(eventKey))
    .where(trainingEventInReach(actor));
  if (lock) query = query.forUpdate("training_events");
  const event = await query.executeTakeFirst();
  if (!event || !runsTrainingEvent(actor, event)) notFound();
  return event;
}
export type AttendanceEvent = Awaited<ReturnType<typeof eventForAttendance>>;

/** Why the register cannot be marked now, in words; null when it can. */
export function registerClosedBecause(event: Pick<AttendanceEvent, "status" | "starts_at">, now: Date): string | null {
  if (event.status === "cancelled") return "This event was cancelled, so attendance cannot be marked.";
  if (event.status !== "published") return "This event has not been published, so attendance cannot be marked.";
  const firstDay = londonToday(new Date(event.starts_at));
  if (londonToday(now) < firstDay) return `Attendance can be marked from the day of the event, ${formatDate(firstDay)}.`;
  return null;
}

/** The event's bookings, booked and waiting (waiting in the order they asked: the id), with their schools. */
export async function bookingsOf(db: DB, eventId: number) {
  return db
    .selectFrom("training_bookings")
    .innerJoin("schools", "schools.id", "training_bookings.school_id")
    .leftJoin("training_evaluation_links", "training_evaluation_links.booking_id", "training_bookings.id")
    .select([
      "training_bookings.id",
      "training_bookings.status",
      "training_bookings.attendee_name as name",
      "training_bookings.attendee_role as role",
      "training_bookings.attendee_email as email",
      "training_bookings.attended",
      "training_bookings.version",
      "schools.name as school",
      "schools.urn",
      "training_evaluation_links.created_at as evaluationAskedAt",
    ])
    .where("training_bookings.event_id", "=", eventId)
    .where("training_bookings.status", "in", ["booked", "waiting"])
    .orderBy("training_bookings.id")
    .execute();
}

/** The attendee list page: the event, the booked people, the waiting list in order, and whether the register is open. */
export async function attendeeList(db: DB, actor: Actor, eventKey: string | undefined, now = new Date()) {
  const event = await eventForAttendance(db, actor, eventKey);
  const bookings = await bookingsOf(db, event.id);
  const booked = bookings.filter((b) => b.status === "booked");
  const waiting = bookings.filter((b) => b.status === "waiting").map((b, i) => ({ ...b, position: i + 1 }));
  const ended = now >= new Date(event.ends_at);
  return {
    event: { ...event, hours: Number(event.hours) },
    booked,
    waiting,
    registerClosed: registerClosedBecause(event, now),
    ended,
    // People marked as attended before the end are asked for their evaluation when the register is saved after it.
    notYetAsked: ended ? booked.filter((b) => b.attended === true && b.evaluationAskedAt === null).length : 0,
  };
}

const ATTENDED_WORDS = (attended: boolean) => (attended ? "attended" : "did not attend");

/**
 * Saves the register: each row chosen is written if it changes the booking, version-checked per booking (a row the
 * form shows at an old version is refused, with who it is, unless it already says what the form says: a resent
 * form counts once). Everything or nothing: one refused row saves none. Each change gets its timeline event
 * ('attendance_marked') and the form an audit row. Once the event has ended, everyone marked as attended who has
 * not yet been asked is sent their evaluation link.
 */
export async function markAttendance(
  db: DB,
  actor: Actor,
  eventKey: string | undefined,
  input: AttendanceInput,
  requestId: string,
  now = new Date(),
): Promise<Result<{ changed: number; asked: number }>> {
  return db.transaction().execute(async (trx) => {
    const event = await eventForAttendance(trx, actor, eventKey, true);
    const closed = registerClosedBecause(event, now);
    if (closed) return { ok: false, formError: closed };
    const marks = input.marks.filter((m) => m.attended !== undefined);
    const ids = [...new Set(marks.map((m) => m.bookingId))];
    const locked = ids.length
      ? await trx
          .selectFrom("training_bookings")
          .select(["id", "attendee_name", "attended", "version"])
          .where("event_id", "=", event.id)
          .where("status", "=", "booked")
          .where("id", "in", ids)
          .forUpdate()
          .execute()
      : [];
    const byId = new Map(locked.map((b) => [b.id, b]));
    const changes: { id: number; attended: boolean; version: number }[] = [];
    for (const mark of marks) {
      const booking = byId.get(mark.bookingId);
      if (!booking) {
        return { ok: false, formError: "Someone on this form is no longer booked on this event. The page now shows who is: check it and try again." };
      }
      const attended = mark.attended === "yes";
      if (booking.attended === attended || changes.some((c) => c.id === booking.id)) continue;
      if (booking.version !== mark.version) {
        const what = booking.attended === null ? "had their booking changed" : `was marked as ${ATTENDED_WORDS(booking.attended)}`;
        return { ok: false, formError: staleMessage(`${booking.attendee_name} ${what}`) };
      }
      changes.push({ id: booking.id, attended, version: booking.version });
    }
    for (const change of changes) {
      await trx
        .updateTable("training_bookings")
        .set((eb) => ({ attended: change.attended, attendance_marked_by: actor.userId, attendance_marked_at: now, version: eb("version", "+", 1) }))
        .where("id", "=", change.id)
        .where("version", "=", change.version)
        .execute();
    }
    if (changes.length > 0) {
      await trx
        .insertInto("training_booking_events")
        .values(
          changes.map((c) => ({
            training_booking_id: c.id,
            actor_user_id: actor.userId,
            actor_role: actor.role,
            action: "attendance_marked",
            from_status: "booked",
            to_status: "booked",
            comment: ATTENDED_WORDS(c.attended),
          })),
        )
        .execute();
    }
    const asked = now >= new Date(event.ends_at) ? await issueEvaluationInvitations(trx as Trx, event, now) : 0;
    if (changes.length > 0 || asked > 0) {
      await recordAudit(trx, {
        actor,
        action: "training.attendance_marked",
        subjectType: "training_event",
        subjectId: event.id,
        requestId,
        detail: {
          attended: changes.filter((c) => c.attended).map((c) => c.id),
          absent: changes.filter((c) => !c.attended).map((c) => c.id),
          evaluationsAsked: asked,
        },
      });
    }
    return { ok: true, changed: changes.length, asked };
  });
}
