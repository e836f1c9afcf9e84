import { sql, type Kysely } from "kysely";

// Issue 9 (training), bookings:
// - an email in the outbox may carry attachments (a booking's calendar invitation, an .ics file): a JSON list of
//   { filename, contentType, content } with the content as text;
// - each booking counts the calendar invitations sent for it (the SEQUENCE of its .ics: a calendar replaces the
//   entry it holds with one whose SEQUENCE is higher);
// - a school's training lead: the address copied on its staff's booking emails, set by the headteacher; none set,
//   the school's SENCOs are copied (ADR 39).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE email_outbox ADD COLUMN attachments jsonb`.execute(db);
  await sql`ALTER TABLE training_bookings ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0 CHECK (calendar_sequence >= 0)`.execute(db);
  await sql`ALTER TABLE schools ADD COLUMN training_lead_email text CHECK (length(training_lead_email) BETWEEN 3 AND 254 AND training_lead_email = lower(training_lead_email))`.execute(db);
  // The reminder sweep looks for booked places whose reminder has not gone.
  await sql`CREATE INDEX training_bookings_reminder_idx ON training_bookings (event_id) WHERE status = 'booked' AND reminder_sent_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX training_bookings_reminder_idx`.execute(db);
  await sql`ALTER TABLE schools DROP COLUMN training_lead_email`.execute(db);
  await sql`ALTER TABLE training_bookings DROP COLUMN calendar_sequence`.execute(db);
  await sql`ALTER TABLE email_outbox DROP COLUMN attachments`.execute(db);
}
