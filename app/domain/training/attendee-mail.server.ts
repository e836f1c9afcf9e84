import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";

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

/** Queues the emails in the caller's transaction (sent by the outbox once it commits). */
export async function queueAttendeeEmails(db: DB, emails: AttendeeEmail[]): Promise<void> {
  const rows = emails.flatMap((email) =>
    [email.to, ...(email.copy ?? [])].map((to) => ({ to_address: to, subject: email.subject, body: email.message, link: email.link })),
  );
  if (rows.length > 0) await db.insertInto("email_outbox").values(rows).execute();
}
