import type { Kysely } from "kysely";
import type { Database } from "../db/types.ts";

// Training at Kent's size, for the events list's benchmark (issue 9): five years of the council's events, about
// 1,500 a year (some 40 a week in term across the programmes, districts and online), each with its bookings
// from the schools there are. Deterministic (a seeded generator) and relative to `now`: two terms ahead are
// published, the rest are past (attended or not), a few cancelled, a few drafts.

const EVENTS_A_YEAR = 1_500;
const YEARS_BACK = 5;
const DAY = 86_400_000;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface TrainingData {
  events: number;
  upcoming: number;
  bookings: number;
}

/** Adds the events and their bookings in batches; the catalogue (programmes, courses) is the demo seed's. */
export async function addTrainingData(db: Kysely<Database>, now: Date): Promise<TrainingData> {
  const rng = random(20_261_201);
  const courses = await db.selectFrom("training_courses").select("id").where("active", "=", true).orderBy("id").execute();
  if (courses.length === 0) throw new Error("the demo seed has no training courses");
  const districts = await db.selectFrom("districts").select("id").orderBy("id").execute();
  const schools = await db.selectFrom("schools").select(["id", "district_id"]).orderBy("id").execute();
  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
  const bookers = await db.selectFrom("memberships").select(["user_id", "school_id"]).where("role", "=", "senco").where("school_id", "is not", null).execute();
  const bookerOf = new Map(bookers.map((b) => [b.school_id!, b.user_id]));
  const schoolsIn = new Map<number, number[]>();
  for (const school of schools) schoolsIn.set(school.district_id, [...(schoolsIn.get(school.district_id) ?? []), school.id]);

  const total = EVENTS_A_YEAR * YEARS_BACK + Math.round(EVENTS_A_YEAR / 3) * 2;
  const first = now.getTime() - YEARS_BACK * 365 * DAY;
  const last = now.getTime() + 2 * 120 * DAY;
  let upcoming = 0;
  let bookings = 0;
  let made = 0;
  const BATCH = 500;
  while (made < total) {
    const size = Math.min(BATCH, total - made);
    const rows = Array.from({ length: size }, (_, i) => {
      const at = first + ((made + i + rng()) / total) * (last - first);
      const startsAt = new Date(Math.floor(at / 3_600_000) * 3_600_000);
      const online = rng() < 0.3;
      const district = districts[Math.floor(rng() * districts.length)]!.id;
      const past = startsAt.getTime() < now.getTime();
      const roll = rng();
      const status = roll < 0.03 ? "cancelled" : !past && roll < 0.05 ? "draft" : "published";
      if (!past && status === "published") upcoming++;
      return {
        course_id: courses[Math.floor(rng() * courses.length)]!.id,
        status,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + (rng() < 0.8 ? 3 : 6) * 3_600_000),
        venue: online ? null : "Training centre",
        district_id: online ? null : district,
        online_url: online ? "https://meet.example/kent-training" : null,
        places: [12, 16, 20, 24, 30, 40][Math.floor(rng() * 6)]!,
        booking_closes_at: new Date(startsAt.getTime() - 2 * DAY),
        cancellation_closes_at: new Date(startsAt.getTime() - 2 * DAY),
        cost_pence: rng() < 0.6 ? 0 : [4500, 9000, 15000][Math.floor(rng() * 3)]!,
        hours: 3,
        presenter_name: "Bench Trainer",
        cancelled_reason: status === "cancelled" ? "Not enough bookings" : null,
        created_by: officer.id,
      };
    });
    const events = await db.insertInto("training_events").values(rows).returning(["id", "places", "district_id", "starts_at", "status"]).execute();
    const bookingRows = [];
    for (const event of events) {
      if (event.status === "draft") continue;
      const past = event.starts_at.getTime() < now.getTime();
      // Past events were mostly filled; upcoming ones are filling.
      const filled = Math.min(event.places, Math.floor(event.places * (past ? 0.6 + rng() * 0.4 : rng())));
      const near = schoolsIn.get(event.district_id ?? districts[Math.floor(rng() * districts.length)]!.id) ?? [];
      const pool = near.length > 0 ? near : schools.map((s) => s.id);
      for (let n = 0; n < filled; n++) {
        const school = pool[Math.floor(rng() * pool.length)]!;
        const cancelled = event.status === "cancelled";
        bookingRows.push({
          event_id: event.id,
          school_id: school,
          status: cancelled ? "cancelled" : "booked",
          attendee_name: `Staff member ${n + 1}`,
          attendee_role: "Teaching assistant",
          attendee_email: `staff${n + 1}.e${event.id}@bench.example`,
          booked_by: bookerOf.get(school) ?? officer.id,
          cancelled_at: cancelled ? event.starts_at : null,
          cancelled_why: cancelled ? "event_cancelled" : null,
          attended: past && !cancelled ? rng() < 0.9 : null,
          attendance_marked_by: past && !cancelled ? officer.id : null,
          attendance_marked_at: past && !cancelled ? event.starts_at : null,
        });
      }
    }
    for (let i = 0; i < bookingRows.length; i += 2_000) await db.insertInto("training_bookings").values(bookingRows.slice(i, i + 2_000)).execute();
    bookings += bookingRows.length;
    made += size;
  }
  return { events: total, upcoming, bookings };
}
