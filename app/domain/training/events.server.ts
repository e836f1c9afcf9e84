import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatDateTime, formatTime } from "../../components/format.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { type StepResult, stepDigest, takeStep } from "../workflow/engine.server.ts";
import { type AttendeeEmail, queueAttendeeEmails } from "./attendee-mail.server.ts";
import type { EventInput } from "./catalogue.schema.ts";
import { EVENT_STORE, LIVE_BOOKINGS, type LockedEvent, addEventEvent } from "./event-store.server.ts";

/**
 * The council's events (ADR 38): added as drafts, then published, changed and cancelled through the workflow
 * engine. Changing the time or place of a published event tells everyone booked or waiting (an email each, with
 * the calendar invitation moved) and their schools' staff; cancelling tells them all and frees their bookings.
 * Each in one transaction with its timeline event and audit row.
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

/** The course, district and presenter an event names, checked: each a field error when it is not one. */
async function checkReferences(db: DB, input: EventInput): Promise<Refusal | { ok: true; courseTitle: string }> {
  const [course, district, presenter] = await Promise.all([
    db.selectFrom("training_courses").select(["title", "active"]).where("id", "=", input.courseId).executeTakeFirst(),
    input.districtId === null ? Promise.resolve({ id: 0 }) : db.selectFrom("districts").select("id").where("id", "=", input.districtId).executeTakeFirst(),
    input.presenterUserId === null
      ? Promise.resolve({ id: 0 })
      : db
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select("users.id")
          .where("users.id", "=", input.presenterUserId)
          .where("users.active", "=", true)
          .where("memberships.role", "in", ["stls", "council_officer"])
          .limit(1)
          .executeTakeFirst(),
  ]);
  const fieldErrors: Record<string, string[]> = {};
  if (!course) fieldErrors.courseId = ["Select the course"];
  if (!district) fieldErrors.districtId = ["Select the district the venue is in"];
  if (!presenter) fieldErrors.presenterUserId = ["Select the presenter's account from the list, or none"];
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, courseTitle: course!.title };
}

const PAST = "The event must start in the future: check the date and start time";

function columns(input: EventInput) {
  return {
    course_id: input.courseId,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    venue: input.venue,
    district_id: input.venue ? input.districtId : null,
    online_url: input.onlineUrl,
    places: input.places,
    booking_closes_at: input.bookingClosesAt,
    cancellation_closes_at: input.cancellationClosesAt,
    cost_pence: input.costPence,
    hours: input.hours,
    presenter_name: input.presenterName,
    presenter_user_id: input.presenterUserId,
  };
}

/** Adds an event as a draft. A resent form (the same fields, by the same officer) adds it once. */
export async function createEvent(db: DB, actor: Actor, input: EventInput, requestId: string, now = new Date()): Promise<Result<{ eventId: number }>> {
  requirePermission(actor, "training:manage");
  const checked = await checkReferences(db, input);
  if (!checked.ok) return checked;
  if (input.startsAt <= now) return refuse("startTime", PAST);
  const digest = stepDigest(0, "created", input as unknown as Record<string, unknown>);
  return db.transaction().execute(async (trx) => {
    // One at a time per officer, so a double click finds the first click's event.
    await sql`select pg_advisory_xact_lock(hashtext(${`training_event.create:${actor.userId}`}))`.execute(trx);
    const earlier = await trx
      .selectFrom("training_event_events")
      .select("training_event_id")
      .where("actor_user_id", "=", actor.userId)
      .where("action", "=", "created")
      .where("submission_digest", "=", digest)
      .executeTakeFirst();
    if (earlier) return { ok: true as const, eventId: earlier.training_event_id };
    const event = await trx
      .insertInto("training_events")
      .values({ ...columns(input), status: "draft", created_by: actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await addEventEvent(trx, actor, event.id, { action: "created", from: null, to: "draft", digest });
    await recordAudit(trx, {
      actor,
      action: "training_event.created",
      subjectType: "training_event",
      subjectId: event.id,
      requestId,
      detail: { courseId: input.courseId },
    });
    return { ok: true as const, eventId: event.id };
  });
}

/** "Tuesday 19 January 2027, 9:30 am to 12:30 pm". */
export function whenWords(startsAt: Date | string, endsAt: Date | string): string {
  return `${formatDateTime(startsAt)} to ${formatTime(endsAt)}`;
}

/** "Oakwood House, Maidstone", "Online", or both. */
export function whereWords(venue: string | null, onlineUrl: string | null): string {
  return [venue, onlineUrl ? "online" : null].filter(Boolean).join(" and ") || "to be confirmed";
}

async function courseTitleOf(trx: Trx, courseId: number) {
  return (await trx.selectFrom("training_courses").select("title").where("id", "=", courseId).executeTakeFirstOrThrow()).title;
}

async function liveBookings(trx: Trx, eventId: number) {
  return trx
    .selectFrom("training_bookings")
    .select(["id", "status", "attendee_email", "school_id"])
    .where("event_id", "=", eventId)
    .where("status", "in", LIVE_BOOKINGS)
    .orderBy("id")
    .forUpdate()
    .execute();
}

/** Whether two instants fall in different minutes (the form shows times to the minute). */
function otherMinute(stored: Date | string, sent: Date): boolean {
  return Math.floor(new Date(stored).getTime() / 60_000) !== Math.floor(sent.getTime() / 60_000);
}

function moved(row: LockedEvent, input: EventInput): boolean {
  return (
    otherMinute(row.starts_at, input.startsAt) ||
    otherMinute(row.ends_at, input.endsAt) ||
    (row.venue ?? null) !== input.venue ||
    (row.venue ? row.district_id : null) !== (input.venue ? input.districtId : null) ||
    (row.online_url ?? null) !== input.onlineUrl
  );
}

/**
 * Changes an event's details at the version the officer saw. Places cannot go below those already booked. When a
 * published event's time or place moves, each person booked or waiting gets an email with the moved invitation,
 * and their school's SENCOs and headteachers are told.
 */
export async function changeEvent(
  db: DB,
  actor: Actor,
  eventId: number,
  input: EventInput & { version: number },
  requestId: string,
  now = new Date(),
): Promise<StepResult> {
  requirePermission(actor, "training:manage");
  const checked = await checkReferences(db, input);
  if (!checked.ok) return checked;
  const { version, ...fields } = input;
  return takeStep(db, actor, EVENT_STORE, "change", { key: String(eventId), version, fields }, requestId, async (trx, row) => {
    const booked = await trx
      .selectFrom("training_bookings")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("event_id", "=", row.id)
      .where("status", "=", "booked")
      .executeTakeFirstOrThrow();
    const bookedCount = Number(booked.n);
    if (input.places < bookedCount) {
      return refuse("places", `${bookedCount} ${bookedCount === 1 ? "place is" : "places are"} already booked: the event cannot have fewer than ${bookedCount} places`);
    }
    const timeMoved = otherMinute(row.starts_at, input.startsAt);
    if (timeMoved && input.startsAt <= now) return refuse("startTime", PAST);
    const set = columns(input);
    if (row.status !== "published" || !moved(row, input)) return { set, tell: [] };
    const title = checked.courseTitle;
    const when = whenWords(input.startsAt, input.endsAt);
    const where = whereWords(input.venue, input.onlineUrl);
    const link = `/training/events/${row.id}`;
    const people = await liveBookings(trx, row.id);
    await queueAttendeeEmails(
      trx,
      people.map(
        (b): AttendeeEmail => ({
          to: b.attendee_email,
          subject: `Training moved: ${title}`,
          message: `The time or place of ${title} has changed. It is now ${when}, ${where}. Your calendar invitation is updated.`,
          link,
          calendar: { eventId: row.id, bookingId: b.id, kind: "request" },
        }),
      ),
    );
    return {
      set,
      notice: { subject: `Training moved: ${title}`, message: `The time or place of ${title}, which your staff are booked on, has changed. It is now ${when}, ${where}.`, link },
    };
  });
}

/** Publishes a draft: schools can see and book it from now on. */
export async function publishEvent(
  db: DB,
  actor: Actor,
  eventId: number,
  input: { version: number },
  requestId: string,
  now = new Date(),
): Promise<StepResult> {
  requirePermission(actor, "training:manage");
  return takeStep(db, actor, EVENT_STORE, "publish", { key: String(eventId), version: input.version, fields: {} }, requestId, async (_trx, row) => {
    if (new Date(row.starts_at) <= now) return { ok: false, formError: "This event has already started: change its date before publishing it." };
  });
}

/**
 * Cancels an event with a reason: every booking booked or waiting is cancelled ('event_cancelled', with its own
 * timeline event), each person gets an email with the invitation withdrawn, and their schools' staff are told.
 */
export async function cancelEvent(
  db: DB,
  actor: Actor,
  eventId: number,
  input: { version: number; reason: string },
  requestId: string,
  now = new Date(),
): Promise<StepResult> {
  requirePermission(actor, "training:manage");
  return takeStep(db, actor, EVENT_STORE, "cancel", { key: String(eventId), version: input.version, comment: input.reason }, requestId, async (trx, row) => {
    const title = await courseTitleOf(trx, row.course_id);
    const people = await liveBookings(trx, row.id);
    if (people.length > 0) {
      await trx
        .updateTable("training_bookings")
        .set((eb) => ({ status: "cancelled", cancelled_why: "event_cancelled", cancelled_at: now, cancelled_by: actor.userId, version: eb("version", "+", 1) }))
        .where("id", "in", people.map((b) => b.id))
        .execute();
      await trx
        .insertInto("training_booking_events")
        .values(
          people.map((b) => ({
            training_booking_id: b.id,
            actor_user_id: actor.userId,
            actor_role: actor.role,
            action: "event_cancelled",
            from_status: b.status,
            to_status: "cancelled",
            comment: input.reason,
          })),
        )
        .execute();
    }
    const when = whenWords(row.starts_at, row.ends_at);
    const link = `/training/events/${row.id}`;
    await queueAttendeeEmails(
      trx,
      people.map(
        (b): AttendeeEmail => ({
          to: b.attendee_email,
          subject: `Training cancelled: ${title}`,
          message: `${title} on ${when} has been cancelled: ${input.reason}. Your ${b.status === "waiting" ? "place on the waiting list" : "booking"} is cancelled.`,
          link,
          calendar: { eventId: row.id, bookingId: b.id, kind: "cancel" },
        }),
      ),
    );
    return {
      set: { cancelled_reason: input.reason },
      ...(people.length === 0
        ? { tell: [] }
        : { notice: { subject: `Training cancelled: ${title}`, message: `${title} on ${when}, which your staff were booked on, has been cancelled: ${input.reason}.`, link } }),
    };
  });
}
