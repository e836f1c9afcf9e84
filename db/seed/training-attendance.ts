import type { Kysely } from "kysely";
import type { Database } from "../types.ts";

/**
 * The demo's register to mark: an STLS-led course that ran two days ago, presented by the demo STLS teacher (Tom
 * Harding), with four people booked from Oakfield and Riverside and one left on the waiting list, nobody marked yet.
 * The officer or Tom marks it; everyone marked as attended is then sent their evaluation link (ADR 40). Finds or
 * makes its programme and course, so it sits beside the catalogue's own seed.
 */
export async function seedDemoTrainingAttendance(db: Kysely<Database>, now = new Date()) {
  const user = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const school = async (urn: string) => (await db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow()).id;
  const [officer, stls, oakfieldSenco, riversideSenco, oakfield, riverside] = await Promise.all([
    user("officer@kent.example"),
    user("stls@kent.example"),
    user("senco@oakfield.example"),
    user("senco@riverside.example"),
    school("990001"),
    school("990002"),
  ]);
  const name = "STLS-led courses";
  await db.insertInto("training_programmes").values({ name, provider: "Specialist Teaching and Learning Service (STLS)" }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const programme = await db.selectFrom("training_programmes").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  const title = "Supporting pupils with severe dyslexia";
  await db
    .insertInto("training_courses")
    .values({ programme_id: programme.id, title, audience: "Teachers and teaching assistants", description: "Assessment, structured literacy and classroom adjustments." })
    .onConflict((oc) => oc.columns(["programme_id", "title"]).doNothing())
    .execute();
  const course = await db.selectFrom("training_courses").select("id").where("programme_id", "=", programme.id).where("title", "=", title).executeTakeFirstOrThrow();
  await db.insertInto("training_course_need_areas").values({ course_id: course.id, need_area: "Cognition and learning" }).onConflict((oc) => oc.doNothing()).execute();
  const district = await db.selectFrom("districts").select("id").where("code", "=", "maidstone").executeTakeFirstOrThrow();
  const day = 86_400_000;
  // Two days ago, 9:30 to 12:30 UTC (in the winter, the same in London).
  const start = new Date(Math.floor((now.getTime() - 2 * day) / day) * day + 9.5 * 3_600_000);
  const event = await db
    .insertInto("training_events")
    .values({
      course_id: course.id,
      status: "published",
      starts_at: start,
      ends_at: new Date(start.getTime() + 3 * 3_600_000),
      venue: "Oakwood House, Maidstone",
      district_id: district.id,
      places: 4,
      booking_closes_at: new Date(start.getTime() - day),
      cancellation_closes_at: new Date(start.getTime() - day),
      hours: 3,
      presenter_name: "Tom Harding",
      presenter_user_id: stls,
      created_by: officer,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const people: [number, number, "booked" | "waiting", string, string, string][] = [
    [oakfield, oakfieldSenco, "booked", "Łucja Wójcik-Öztürk", "Teaching assistant", "lucja.wojcik@oakfield.example"],
    [oakfield, oakfieldSenco, "booked", "Ravi Patel", "Class teacher", "ravi.patel@oakfield.example"],
    [riverside, riversideSenco, "booked", "Tom Reed", "SENCO", "tom.reed@riverside.example"],
    [oakfield, oakfieldSenco, "booked", "Ellie Morgan", "Teaching assistant", "ellie.morgan@oakfield.example"],
    [riverside, riversideSenco, "waiting", "Jess Hale", "Teaching assistant", "jess.hale@riverside.example"],
  ];
  await db
    .insertInto("training_bookings")
    .values(
      people.map(([school_id, booked_by, status, attendee_name, attendee_role, attendee_email], i) => ({
        event_id: event.id,
        school_id,
        booked_by,
        status,
        attendee_name,
        attendee_role,
        attendee_email,
        created_at: new Date(start.getTime() - (20 - i) * day),
      })),
    )
    .execute();
}
