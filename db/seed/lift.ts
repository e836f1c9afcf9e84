import type { Kysely } from "kysely";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonInstant } from "../../app/domain/london-time.ts";
import { addDays, defaultPapersDueOn, weekdayOf } from "../../app/domain/stls/meeting-dates.ts";
import type { Database } from "../types.ts";

/**
 * Demo LIFT groups and a term of meetings (issue 10): one group per district serving all its schools, except
 * Maidstone, which runs two (north and south of the town, as a district with many schools does). Each group meets
 * every three weeks on a Tuesday morning, from four weeks ago to nine weeks ahead, so there are meetings already held
 * (for outcomes) and meetings still open for referrals. Tom Harding (stls@kent.example) is the link teacher of the
 * Maidstone schools. Does nothing when groups exist (run twice, it adds nothing).
 */

type DB = Kysely<Database>;

const MAIDSTONE_NORTH = new Set(["Oakfield Primary School", "Bearsted Green Primary School", "Allington Castle School", "Medway Valley Academy"]);

export async function seedDemoLift(db: DB, now: Date = new Date()): Promise<void> {
  if (await db.selectFrom("lift_groups").select("id").limit(1).executeTakeFirst()) return;
  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirst();
  if (!officer) return;
  const stls = await db.selectFrom("users").select("id").where("email", "=", "stls@kent.example").executeTakeFirst();
  const districts = await db.selectFrom("districts").select(["id", "code", "name"]).orderBy("name").execute();
  const schools = await db.selectFrom("schools").select(["id", "name", "district_id"]).orderBy("id").execute();

  // The Tuesday on or before four weeks ago, then every three weeks.
  const start = addDays(londonToday(now), -28);
  const firstTuesday = addDays(start, -((weekdayOf(start) - 2 + 7) % 7));
  const dates = Array.from({ length: 5 }, (_, i) => addDays(firstTuesday, 21 * i));

  for (const district of districts) {
    const groups = district.code === "maidstone" ? [`${district.name} North LIFT`, `${district.name} South LIFT`] : [`${district.name} LIFT`];
    for (const [index, name] of groups.entries()) {
      const group = await db.insertInto("lift_groups").values({ district_id: district.id, name }).returning("id").executeTakeFirstOrThrow();
      const served = schools.filter((s) => s.district_id === district.id && (groups.length === 1 || MAIDSTONE_NORTH.has(s.name) === (index === 0)));
      if (served.length > 0) await db.insertInto("lift_group_schools").values(served.map((s) => ({ school_id: s.id, group_id: group.id }))).execute();
      const online = index === 1;
      await db
        .insertInto("lift_meetings")
        .values(
          dates.map((date) => ({
            group_id: group.id,
            starts_at: londonInstant(date, online ? "13:30" : "09:30"),
            ends_at: londonInstant(date, online ? "15:30" : "12:00"),
            venue: online ? null : `${district.name} STLS base`,
            online_url: online ? "https://meet.example/lift/maidstone-south" : null,
            papers_due_on: defaultPapersDueOn(date),
            created_by: officer.id,
          })),
        )
        .execute();
      if (stls && district.code === "maidstone" && served.length > 0) {
        await db
          .insertInto("stls_link_teachers")
          .values(served.map((s) => ({ school_id: s.id, teacher_user_id: stls.id, set_by: officer.id })))
          .execute();
      }
    }
  }
}
