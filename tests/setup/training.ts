import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";

type DB = Kysely<Database>;

const LONDON_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** What a test may set on the event it makes; everything else has a plain default (a free event in Maidstone). */
export interface EventSeed {
  courseTitle?: string;
  status?: "draft" | "published" | "cancelled";
  /** Days from now the event starts (negative: in the past); it lasts 3 hours. */
  startsInDays?: number;
  places?: number;
  /** Hours before the start that booking and cancelling close (both 24 by default). */
  bookingClosesHoursBefore?: number;
  cancellationClosesHoursBefore?: number;
  costPence?: number;
  presenterEmail?: string;
  privateSchoolUrn?: string;
  online?: boolean;
}

/**
 * A training event made directly in the database for a test (the catalogue's own pages are tested through
 * HTTP elsewhere): a course of its own under a test programme, and the event. Returns the event's id.
 */
export async function createTrainingEvent(db: DB, seed: EventSeed = {}, now = new Date()): Promise<number> {
  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
  const programme =
    (await db.selectFrom("training_programmes").select("id").where("name", "=", "Test programme").executeTakeFirst()) ??
    (await db.insertInto("training_programmes").values({ name: "Test programme", provider: "Kent County Council" }).returning("id").executeTakeFirstOrThrow());
  const title = seed.courseTitle ?? `Test course ${Math.random().toString(36).slice(2, 10)}`;
  const course =
    (await db.selectFrom("training_courses").select("id").where("programme_id", "=", programme.id).where("title", "=", title).executeTakeFirst()) ??
    (await db.insertInto("training_courses").values({ programme_id: programme.id, title, audience: "All staff" }).returning("id").executeTakeFirstOrThrow());
  await db.insertInto("training_course_need_areas").values({ course_id: course.id, need_area: "Communication and interaction" }).onConflict((oc) => oc.doNothing()).execute();
  const hour = 3_600_000;
  // The event's pages take one London date with a start and an end time: an event made late in the evening would
  // end after midnight, so one that would start after 20:00 London time starts at 20:00 that day instead.
  let startsAt = new Date(now.getTime() + (seed.startsInDays ?? 14) * 24 * hour);
  const [h, m] = LONDON_TIME.format(startsAt).split(":").map(Number);
  if (h! >= 20) startsAt = new Date(startsAt.getTime() - ((h! - 20) * 60 + m!) * 60_000 - startsAt.getUTCSeconds() * 1000);
  const district = await db.selectFrom("districts").select("id").where("code", "=", "maidstone").executeTakeFirstOrThrow();
  const presenter = seed.presenterEmail ? await db.selectFrom("users").select("id").where("email", "=", seed.presenterEmail).executeTakeFirstOrThrow() : undefined;
  const privateSchool = seed.privateSchoolUrn ? await db.selectFrom("schools").select("id").where("urn", "=", seed.privateSchoolUrn).executeTakeFirstOrThrow() : undefined;
  const status = seed.status ?? "published";
  const event = await db
    .insertInto("training_events")
    .values({
      course_id: course.id,
      status,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 3 * hour),
      venue: seed.online ? null : "Oakwood House, Maidstone",
      district_id: seed.online ? null : district.id,
      online_url: seed.online ? "https://meet.example/training" : null,
      places: seed.places ?? 20,
      booking_closes_at: new Date(startsAt.getTime() - (seed.bookingClosesHoursBefore ?? 24) * hour),
      cancellation_closes_at: new Date(startsAt.getTime() - (seed.cancellationClosesHoursBefore ?? 24) * hour),
      cost_pence: seed.costPence ?? 0,
      hours: 3,
      presenter_name: "Alex Trainer",
      presenter_user_id: presenter?.id ?? null,
      private_school_id: privateSchool?.id ?? null,
      cancelled_reason: status === "cancelled" ? "Trainer unwell" : null,
      created_by: officer.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return event.id;
}
