import { formatDateTime } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { bankHolidays } from "../funding/casework/areas.server.ts";
import { workingDaysBetween } from "../funding/casework/service-level.ts";
import { queueAttendeeEmails, trainingLeadCopy } from "./attendee-mail.server.ts";
import type { DB } from "./booking-store.server.ts";

/**
 * Reminders (ADR 39): two working days before an event (Saturdays, Sundays and the bank holidays the council
 * keeps skipped, the funding service level's rule), each booked attendee is emailed once. A sweep run every few
 * minutes beside the outbox dispatcher (server/email.ts) finds the booked places of published events starting
 * within two working days of today (London days) whose reminder has not gone, and for each, in one transaction,
 * marks `reminder_sent_at` (only if still empty, so two sweeps at once send one) and queues the email. A booking
 * made later than that is reminded by the next sweep.
 */

export const REMINDER_WORKING_DAYS = 2;

export async function sweepTrainingReminders(db: DB, now = new Date()): Promise<{ queued: number }> {
  const today = londonToday(now);
  const holidays = await bankHolidays(db);
  // Two working days are never more than a fortnight of calendar days (Christmas and a weekend included).
  const horizon = new Date(now.getTime() + 14 * 86_400_000);
  const due = await db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .select(["training_bookings.id", "training_bookings.school_id", "training_bookings.attendee_name", "training_bookings.attendee_email"])
    .select(["training_events.starts_at", "training_events.venue", "training_events.online_url", "training_courses.title"])
    .where("training_bookings.status", "=", "booked")
    .where("training_bookings.reminder_sent_at", "is", null)
    .where("training_events.status", "=", "published")
    .where("training_events.starts_at", ">", now)
    .where("training_events.starts_at", "<", horizon)
    .orderBy("training_bookings.id")
    .execute();
  let queued = 0;
  for (const booking of due) {
    if (workingDaysBetween(today, londonToday(new Date(booking.starts_at)), holidays) > REMINDER_WORKING_DAYS) continue;
    const sent = await db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable("training_bookings")
        .set({ reminder_sent_at: now })
        .where("id", "=", booking.id)
        .where("status", "=", "booked")
        .where("reminder_sent_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (!marked) return false;
      const where = [booking.venue, booking.online_url].filter(Boolean).join(" or online at ");
      await queueAttendeeEmails(trx, [
        {
          to: booking.attendee_email,
          copy: await trainingLeadCopy(trx, booking.school_id),
          subject: `Reminder: ${booking.title}, ${formatDateTime(booking.starts_at)}`,
          message: `${booking.attendee_name}, this is a reminder that you are booked on "${booking.title}" on ${formatDateTime(booking.starts_at)}, at ${where}.`,
          link: "/training",
        },
      ]);
      return true;
    });
    if (sent) queued++;
  }
  return { queued };
}
