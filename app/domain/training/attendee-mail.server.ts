import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { EmailAttachment } from "../notifications/outbox.server.ts";
import { bookingCalendar } from "./calendar.server.ts";

type DB = Kysely<Database>;

/**
 * An email to a person booked on training (they need no account: the school names them with their email). It
 * never concerns a child. `copy` is who else is told (the school's training lead). `calendar` asks for the
 * event's calendar invitation to be attached: a request (booked, moved) or a cancellation.
 */
export interface AttendeeEmail {
  to: string;
  copy?: string[];
  subject: string;
  message: string;
  /** A path inside the portal. */
  link: string;
  calendar?: { eventId: number; bookingId: number; kind: "request" | "cancel" };
}

/**
 * Queues the emails in the caller's transaction (sent by the outbox once it commits). A calendar invitation goes
 * to the attendee only (an .ics attachment, calendar.server.ts); the copies get the same words without it, so the
 * training lead's calendar does not fill with everyone's courses. Each invitation raises the booking's
 * `calendar_sequence`, so a calendar takes the newest one as replacing what it holds.
 */
export async function queueAttendeeEmails(db: DB, emails: AttendeeEmail[]): Promise<void> {
  const rows: { to_address: string; subject: string; body: string; link: string; attachments: string | null }[] = [];
  // An event moved or cancelled emails everyone on it: its details are read once, not once a person.
  const events = new Map<number, Promise<CalendarEventRow>>();
  const eventOf = (id: number) => events.get(id) ?? events.set(id, calendarEventRow(db, id)).get(id)!;
  for (const email of emails) {
    const attachments = email.calendar ? [await invitation(db, email.calendar, await eventOf(email.calendar.eventId))] : null;
    rows.push({ to_address: email.to, subject: email.subject, body: email.message, link: email.link, attachments: attachments && JSON.stringify(attachments) });
    for (const copy of new Set(email.copy ?? [])) {
      if (copy !== email.to) rows.push({ to_address: copy, subject: `Copy: ${email.subject}`, body: email.message, link: email.link, attachments: null });
    }
  }
  if (rows.length > 0) await db.insertInto("email_outbox").values(rows).execute();
}

/** What an invitation says of its event: the course, when, where and who runs it. */
async function calendarEventRow(db: DB, eventId: number) {
  return db
    .selectFrom("training_events")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .leftJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .select(["training_events.starts_at", "training_events.ends_at", "training_events.venue", "training_events.online_url", "training_events.presenter_name"])
    .select(["training_courses.title", sql<string | null>`training_programmes.name`.as("programme")])
    .where("training_events.id", "=", eventId)
    .executeTakeFirstOrThrow();
}

type CalendarEventRow = Awaited<ReturnType<typeof calendarEventRow>>;

async function invitation(db: DB, calendar: NonNullable<AttendeeEmail["calendar"]>, event: CalendarEventRow): Promise<EmailAttachment> {
  const booking = await db
    .updateTable("training_bookings")
    .set((eb) => ({ calendar_sequence: eb("calendar_sequence", "+", 1) }))
    .where("id", "=", calendar.bookingId)
    .where("event_id", "=", calendar.eventId)
    .returning(["id", "attendee_name", "attendee_email", "calendar_sequence"])
    .executeTakeFirstOrThrow();
  const where = [event.venue, event.online_url].filter(Boolean).join(" and online: ");
  const content = bookingCalendar({
    bookingId: booking.id,
    // The first invitation is SEQUENCE 0, each later one a step higher.
    sequence: booking.calendar_sequence - 1,
    kind: calendar.kind,
    title: event.title,
    description: `${event.programme ? `${event.programme}. ` : ""}Run by ${event.presenter_name}. Booked through the Kent SEND Inclusion Portal.`,
    startsAt: new Date(event.starts_at),
    endsAt: new Date(event.ends_at),
    location: where,
    url: event.online_url,
    attendee: { name: booking.attendee_name, email: booking.attendee_email },
  });
  return {
    filename: calendar.kind === "request" ? "invitation.ics" : "cancellation.ics",
    contentType: `text/calendar; charset=utf-8; method=${calendar.kind === "request" ? "REQUEST" : "CANCEL"}`,
    content,
  };
}

/**
 * Who is copied on a school's booking emails (ADR 39): the training lead the headteacher named
 * (schools.training_lead_email), or, when none is named, the school's active SENCOs.
 */
export async function trainingLeadCopy(db: DB, schoolId: number): Promise<string[]> {
  const school = await db.selectFrom("schools").select("training_lead_email").where("id", "=", schoolId).executeTakeFirst();
  if (school?.training_lead_email) return [school.training_lead_email];
  const sencos = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.email")
    .distinct()
    .where("memberships.role", "=", "senco")
    .where("memberships.school_id", "=", schoolId)
    .where("users.active", "=", true)
    .orderBy("users.email")
    .execute();
  return sencos.map((s) => s.email);
}
