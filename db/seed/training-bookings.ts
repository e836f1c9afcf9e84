import type { Kysely } from "kysely";
import type { Database } from "../types.ts";

/**
 * Demo bookings on whatever training events the catalogue's seed made (issue 9): Oakfield and Riverside staff on
 * upcoming events, one upcoming event filled with two more on its waiting list, and Oakfield staff who attended
 * past events (marked by the council officer), so the school's training record has something in it. Does nothing
 * when there are no events, or when Oakfield already has bookings (run twice, it adds nothing).
 */

const OAKFIELD_STAFF = [
  ["Priya Shah", "Teaching assistant"],
  ["Tom Fletcher", "Class teacher"],
  ["Grace Okafor", "Teaching assistant"],
  ["Daniel Reeve", "Deputy headteacher"],
  ["Hannah Lowe", "Learning mentor"],
  ["Marcus Bell", "Class teacher"],
] as const;
const RIVERSIDE_STAFF = [
  ["Ellie Warren", "Head of year 8"],
  ["Sam Kaur", "Teaching assistant"],
  ["Joe Marsh", "English teacher"],
] as const;

type Trx = Kysely<Database>;

function emailOf(name: string, school: "oakfield" | "riverside") {
  return `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${school}.example`;
}

export async function seedDemoTrainingBookings(trx: Trx, now: Date = new Date()): Promise<void> {
  const school = async (urn: string) => (await trx.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirst())?.id;
  const user = async (email: string) => (await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())?.id;
  const [oakfield, riverside, oakSenco, riverSenco, officer] = await Promise.all([
    school("990001"),
    school("990002"),
    user("senco@oakfield.example"),
    user("senco@riverside.example"),
    user("officer@kent.example"),
  ]);
  if (!oakfield || !riverside || !oakSenco || !riverSenco || !officer) return;
  const already = await trx.selectFrom("training_bookings").select("id").where("school_id", "=", oakfield).limit(1).executeTakeFirst();
  if (already) return;
  const events = await trx
    .selectFrom("training_events")
    .select(["id", "starts_at", "booking_closes_at", "places"])
    .where("status", "=", "published")
    .where("private_school_id", "is", null)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  // Events the catalogue's seed left as they are (its nearly full and few-places events keep their figures).
  const withBookings = new Set((await trx.selectFrom("training_bookings").select("event_id").distinct().execute()).map((b) => b.event_id));
  const upcoming = events.filter((e) => new Date(e.booking_closes_at) > now && !withBookings.has(e.id) && e.places >= 10);
  const past = events.filter((e) => new Date(e.starts_at) <= now).reverse();

  const book = async (eventId: number, schoolId: number, bookedBy: number, person: readonly [string, string], email: string, extra: Partial<Record<string, unknown>> = {}) => {
    const taken = await trx.selectFrom("training_bookings").select((eb) => eb.fn.countAll<string>().as("n")).where("event_id", "=", eventId).where("status", "=", "booked").executeTakeFirstOrThrow();
    const places = events.find((e) => e.id === eventId)!.places;
    const status = Number(taken.n) < places ? "booked" : "waiting";
    // Only a booked place can have been attended.
    if (extra.attended && status !== "booked") return;
    const row = await trx
      .insertInto("training_bookings")
      .values({ event_id: eventId, school_id: schoolId, status, attendee_name: person[0], attendee_role: person[1], attendee_email: email, booked_by: bookedBy, ...extra })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return;
    await trx
      .insertInto("training_booking_events")
      .values({ training_booking_id: row.id, actor_user_id: bookedBy, actor_role: "senco", action: status === "booked" ? "booked" : "joined_waiting_list", from_status: null, to_status: status })
      .execute();
    if (extra.attended) {
      await trx
        .insertInto("training_booking_events")
        .values({ training_booking_id: row.id, actor_user_id: extra.attendance_marked_by as number, actor_role: "council_officer", action: "attendance_marked", from_status: status, to_status: status })
        .execute();
    }
  };

  // Upcoming: a few people from each school on the first events.
  for (const [i, event] of upcoming.slice(0, 3).entries()) {
    for (const person of OAKFIELD_STAFF.slice(i, i + 2)) await book(event.id, oakfield, oakSenco, person, emailOf(person[0], "oakfield"));
    const person = RIVERSIDE_STAFF[i % RIVERSIDE_STAFF.length]!;
    await book(event.id, riverside, riverSenco, person, emailOf(person[0], "riverside"));
  }
  // A full event with a waiting list: the smallest upcoming event after those, filled by both schools' staff.
  const full = upcoming.slice(3).sort((a, b) => a.places - b.places)[0] ?? upcoming[0];
  if (full && full.places <= 40) {
    for (let n = 0; n < full.places + 2; n++) {
      const fromOakfield = n % 2 === 0;
      const person = [`${fromOakfield ? "Oakfield" : "Riverside"} colleague ${n + 1}`, "Teaching assistant"] as const;
      await book(full.id, fromOakfield ? oakfield : riverside, fromOakfield ? oakSenco : riverSenco, person, `colleague.${n + 1}@${fromOakfield ? "oakfield" : "riverside"}.example`);
    }
  }
  // Past: Oakfield staff who attended, marked by the officer on the day.
  for (const [i, event] of past.slice(0, 6).entries()) {
    for (const person of [OAKFIELD_STAFF[i % OAKFIELD_STAFF.length]!, OAKFIELD_STAFF[(i + 3) % OAKFIELD_STAFF.length]!]) {
      await book(event.id, oakfield, oakSenco, person, emailOf(person[0], "oakfield"), {
        attended: true,
        attendance_marked_by: officer,
        attendance_marked_at: new Date(event.starts_at),
        created_at: new Date(new Date(event.starts_at).getTime() - 14 * 86_400_000),
      });
    }
  }
}
