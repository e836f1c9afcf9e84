import type { Kysely } from "kysely";
import type { Database } from "../db/types.ts";
import { londonToday } from "../app/domain/financial-year.ts";
import { londonInstant } from "../app/domain/london-time.ts";
import { addDays, defaultPapersDueOn } from "../app/domain/stls/meeting-dates.ts";

// A full LIFT meeting for the agenda's benchmark (issue 10): a meeting of Maidstone North a month ahead with 60
// sent referrals, three from each Maidstone school in turn (written directly, as
// if sent), each about a pupil of that school's register, as the district's STLS teacher (stls@kent.example)
// reads them on the agenda. Deterministic: the first schools and pupils by id.

export const AGENDA_REFERRALS = 60;

export async function addLiftAgenda(db: Kysely<Database>, now: Date): Promise<{ meetingId: number; referrals: number }> {
  const group = await db.selectFrom("lift_groups").select(["id", "district_id"]).where("name", "=", "Maidstone North LIFT").executeTakeFirstOrThrow();
  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
  const day = addDays(londonToday(now), 30);
  const meeting = await db
    .insertInto("lift_meetings")
    .values({
      group_id: group.id,
      starts_at: londonInstant(day, "09:30"),
      ends_at: londonInstant(day, "12:00"),
      venue: "Maidstone STLS base",
      papers_due_on: defaultPapersDueOn(day),
      created_by: officer.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const schools = await db.selectFrom("schools").select("id").where("district_id", "=", group.district_id).orderBy("id").execute();
  const disciplines = (await db.selectFrom("stls_disciplines").select("name").orderBy("sort_order").execute()).map((d) => d.name);
  const year = Number(londonToday(now).slice(0, 4));
  const rows = [];
  // Three pupils from each school in turn (more from each when the district has fewer than 20 schools).
  for (let pass = 0; rows.length < AGENDA_REFERRALS && pass < 20; pass++) {
    for (const school of schools) {
      if (rows.length >= AGENDA_REFERRALS) break;
      const pupils = await db.selectFrom("pupils").select("id").where("school_id", "=", school.id).where("date_left", "is", null).orderBy("id").offset(pass * 3).limit(3).execute();
      const sender = await db.selectFrom("memberships").select("user_id").where("role", "=", "senco").where("school_id", "=", school.id).executeTakeFirst();
      for (const pupil of pupils.slice(0, AGENDA_REFERRALS - rows.length)) {
        const n: number = rows.length;
        rows.push({
          reference: `LIFT-${year}-${String(90_001 + n)}`,
          school_id: school.id,
          pupil_id: pupil.id,
          meeting_id: meeting.id,
          status: "sent",
          discipline: disciplines[n % disciplines.length]!,
          core_standards_tried: "Precision teaching three times a week for a term; visual timetable; small-group phonics with the class teaching assistant.",
          question: "What more should the school put in place, and would specialist involvement help?",
          agreement_signed_by: "Parent of the pupil",
          agreement_signed_on: addDays(londonToday(now), -10),
          created_by: sender?.user_id ?? officer.id,
          sent_at: now,
          sent_by: sender?.user_id ?? officer.id,
        });
      }
    }
  }
  if (rows.length !== AGENDA_REFERRALS) throw new Error(`the Maidstone schools gave ${rows.length} referrals, not ${AGENDA_REFERRALS}`);
  await db.insertInto("lift_referrals").values(rows).execute();
  return { meetingId: meeting.id, referrals: rows.length };
}
