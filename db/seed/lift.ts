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
 *
 * For the agenda (ADR 43): one referral of Oakfield's (Noah Bennett) sent to Maidstone North's last meeting held,
 * waiting for LIFT's outcome (it stays there until papers are due for the group's next meeting).
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
  await seedAgendaReferral(db, now);
}

/** Oakfield's referral of Noah Bennett, sent to the last meeting Maidstone North held, without its outcome yet. */
async function seedAgendaReferral(db: DB, now: Date) {
  const pupil = await db
    .selectFrom("pupils")
    .innerJoin("schools", "schools.id", "pupils.school_id")
    .innerJoin("lift_group_schools", "lift_group_schools.school_id", "schools.id")
    .select(["pupils.id", "pupils.school_id", "lift_group_schools.group_id"])
    .where("schools.name", "=", "Oakfield Primary School")
    .where("pupils.first_name", "=", "Noah")
    .where("pupils.last_name", "=", "Bennett")
    .executeTakeFirst();
  const senco = await db.selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirst();
  if (!pupil || !senco) return;
  const meeting = await db
    .selectFrom("lift_meetings")
    .select(["id", "papers_due_on"])
    .where("group_id", "=", pupil.group_id)
    .where("ends_at", "<", now)
    .orderBy("starts_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!meeting) return;
  const year = Number(londonToday(now).slice(0, 4));
  const counter = await db
    .insertInto("reference_counters")
    .values({ prefix: "LIFT", year, last_number: 1 })
    .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet((eb) => ({ last_number: eb("reference_counters.last_number", "+", 1) })))
    .returning("last_number")
    .executeTakeFirstOrThrow();
  const sentAt = new Date(`${addDays(meeting.papers_due_on, -2)}T10:00:00Z`);
  const referral = await db
    .insertInto("lift_referrals")
    .values({
      reference: `LIFT-${year}-${String(counter.last_number).padStart(5, "0")}`,
      school_id: pupil.school_id,
      pupil_id: pupil.id,
      meeting_id: meeting.id,
      status: "sent",
      discipline: "Communication and interaction / autism",
      core_standards_tried: "Visual timetable and a calm corner in class; social stories before changes; a weekly small-group social communication session.",
      question: "Noah finds unstructured times very hard and has left the playground twice this term. What should we try next, and is specialist involvement needed?",
      agreement_signed_by: "Kate Bennett (mother)",
      agreement_signed_on: addDays(meeting.papers_due_on, -9),
      created_by: senco.id,
      created_at: sentAt,
      sent_at: sentAt,
      sent_by: senco.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("lift_referral_events")
    .values([
      { lift_referral_id: referral.id, actor_user_id: senco.id, actor_role: "senco", action: "created", from_status: null, to_status: "draft", occurred_at: sentAt },
      { lift_referral_id: referral.id, actor_user_id: senco.id, actor_role: "senco", action: "sent", from_status: "draft", to_status: "sent", occurred_at: sentAt },
    ])
    .execute();
}
