import type { DatabaseHandle } from "../../app/db.server.ts";
import { createTrainingEvent } from "./training.ts";

/** The route inventory's training-booking records: an event open for booking (Oakfield's own) and an Oakfield booking on it. */
export async function bookingSamples(database: DatabaseHandle): Promise<{ bookingEventId: number; bookingId: number }> {
  const db = database.db;
  // Private to Oakfield (bespoke training), so another school's staff get the same 404 as for any of its records.
  const bookingEventId = await createTrainingEvent(db, { courseTitle: "Route inventory bookings", startsInDays: 30, places: 30, privateSchoolUrn: "990001" });
  const school = await db.selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
  const senco = await db.selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
  const booking = await db
    .insertInto("training_bookings")
    .values({ event_id: bookingEventId, school_id: school.id, status: "booked", attendee_name: "Robin Sample", attendee_role: "Teaching assistant", attendee_email: "robin.sample@oakfield.example", booked_by: senco.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { bookingEventId, bookingId: booking.id };
}
