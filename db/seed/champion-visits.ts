import type { Kysely } from "kysely";
import { londonToday } from "../../app/domain/financial-year.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import type { Database } from "../types.ts";

/**
 * Demo Inclusion Champion visits (issue 11, ADR 52) by Grace Adeyemi (champion@kent.example) to schools she is
 * assigned (db/seed/demo.ts, CHAMPION_SCHOOLS), over the last terms: published reports with agreed actions, some
 * done and closed, one of Oakfield's school actions overdue, an open one of Oakfield's due in a month (the
 * headteacher and SENCO of Oakfield, head@ and senco@oakfield.example, update it), and one draft, for Medway
 * Valley Academy. No pupil is named. Does nothing when she has visits already.
 */

type DB = Kysely<Database>;

/** `guidance`: the title of a library article the action points to (db/seed/guidance.ts, seeded before). */
type ActionSeed = { description: string; owner: "school" | "champion" | "council"; dueInDays: number; done?: string; closed?: boolean; guidance?: string };
type VisitSeed = {
  school: string;
  daysAgo: number;
  format: "in_person" | "online";
  focus: string[];
  seen: string;
  strengths: string;
  actions: ActionSeed[];
  draft?: boolean;
};

const VISITS: VisitSeed[] = [
  {
    school: "Oakfield Primary School",
    daysAgo: 150,
    format: "in_person",
    focus: ["sen_register", "provision_mapping"],
    seen:
      "Met the SENCO and the headteacher and looked at the SEN register against the school's provision map. The register is up to date, but several pupils on SEN support have no review date this term, and the provision map lists interventions without their entry and exit criteria.",
    strengths: "A clear, current register; staff know their pupils well; the SENCO has protected time each week.",
    actions: [
      { description: "Add entry and exit criteria to each intervention on the provision map", owner: "school", dueInDays: 130, done: "Criteria added for all eleven interventions and shared with teaching assistants at the staff meeting." },
      { description: "Set review dates for every pupil on SEN support this term", owner: "school", dueInDays: 120, guidance: "SEN support and the graduated approach" },
      { description: "Send the school the Mainstream Core Standards self-review tool", owner: "champion", dueInDays: 143, closed: true },
    ],
  },
  {
    school: "Oakfield Primary School",
    daysAgo: 40,
    format: "in_person",
    focus: ["inclusive_classroom_practice", "mainstream_core_standards", "parental_engagement"],
    seen:
      "Joined two lessons in Years 3 and 5 with the SENCO. Visual timetables were in use in both; adaptive teaching was strong in Year 5, where the teacher pre-taught vocabulary to a small group. In Year 3 the working walls were busy and hard to read from the back of the room.",
    strengths: "Warm relationships; consistent use of visual supports; parents are invited to termly SEN support reviews and most attend.",
    actions: [
      { description: "Review the Year 3 working walls with the Mainstream Core Standards' classroom environment checklist", owner: "school", dueInDays: 70, guidance: "Mainstream Core Standards: what every Kent school provides" },
      { description: "Share the pre-teaching approach used in Year 5 at a staff meeting", owner: "school", dueInDays: 25, done: "Shared at the staff meeting on inclusive practice; two more classes now pre-teach vocabulary." },
      { description: "Put the school in touch with the Maidstone parent carer forum", owner: "council", dueInDays: 60 },
    ],
  },
  {
    school: "Bearsted Green Primary School",
    daysAgo: 95,
    format: "online",
    focus: ["transition", "attendance"],
    seen: "An online meeting with the SENCO about transition to secondary school and two pupils on part-time timetables. Both timetables have review dates, but neither has a plan for increasing the hours.",
    strengths: "Early transition planning with the receiving secondary schools, starting in the spring term.",
    actions: [
      { description: "Write a plan for increasing the hours of each part-time timetable, with dates", owner: "school", dueInDays: 20, done: "Plans written and agreed with parents; both pupils are now on longer days." },
      { description: "Check the part-time timetable plans at the next visit", owner: "champion", dueInDays: 60, closed: true },
    ],
  },
  {
    school: "Loose Brook Primary School",
    daysAgo: 20,
    format: "in_person",
    focus: ["inspection", "sen_register"],
    seen: "Walked the school with the headteacher ahead of an expected inspection, and looked at how the school shows the impact of its SEN support.",
    strengths: "Pupils with SEND take part fully in the life of the school; the SEN information report is clear.",
    actions: [{ description: "Arrange a peer review of SEND provision with another school in the cluster", owner: "champion", dueInDays: 45 }],
  },
  {
    school: "Medway Valley Academy",
    daysAgo: 3,
    format: "in_person",
    focus: ["transition"],
    seen: "Met the SENCO about Year 7 transition. Notes to finish.",
    strengths: "",
    actions: [{ description: "Share the transition passport template", owner: "champion", dueInDays: 21 }],
    draft: true,
  },
];

export async function seedDemoChampionVisits(db: DB, now: Date = new Date()): Promise<void> {
  const champion = await db.selectFrom("users").select("id").where("email", "=", "champion@kent.example").executeTakeFirst();
  if (!champion) return;
  if (await db.selectFrom("champion_visits").select("id").where("champion_user_id", "=", champion.id).limit(1).executeTakeFirst()) return;
  const schools = await db
    .selectFrom("schools")
    .innerJoin("memberships", "memberships.school_id", "schools.id")
    .select(["schools.id", "schools.name"])
    .where("memberships.user_id", "=", champion.id)
    .where("memberships.role", "=", "inclusion_champion")
    .execute();
  const schoolId = new Map(schools.map((s) => [s.name, s.id]));
  const schoolStaff = async (id: number) =>
    (await db.selectFrom("memberships").select("user_id").where("school_id", "=", id).where("role", "=", "headteacher").executeTakeFirst())?.user_id ??
    (await db.selectFrom("memberships").select("user_id").where("school_id", "=", id).where("role", "=", "senco").executeTakeFirst())?.user_id ??
    null;
  const today = londonToday(now);
  const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  const role = "inclusion_champion";
  for (const seed of VISITS) {
    const school = schoolId.get(seed.school);
    // Only schools she is assigned (the seed follows the memberships, never the other way round).
    if (school === undefined) continue;
    const visitedOn = addDays(today, -seed.daysAgo);
    const publishedAt = at(addDays(visitedOn, 1), 16);
    const visit = await db
      .insertInto("champion_visits")
      .values({
        school_id: school,
        champion_user_id: champion.id,
        status: seed.draft ? "draft" : "published",
        visited_on: visitedOn,
        format: seed.format,
        seen: seed.seen,
        strengths: seed.strengths || null,
        created_at: at(visitedOn, 15),
        updated_at: seed.draft ? at(visitedOn, 15) : publishedAt,
        published_at: seed.draft ? null : publishedAt,
        published_by: seed.draft ? null : champion.id,
        version: seed.draft ? 2 : 3,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("champion_visit_focus_areas").values(seed.focus.map((code) => ({ champion_visit_id: visit.id, focus_area: code }))).execute();
    const events: { champion_visit_id: number; occurred_at: Date; actor_user_id: number; actor_role: string; action: string; from_status: string | null; to_status: string }[] = [
      { champion_visit_id: visit.id, occurred_at: at(visitedOn, 15), actor_user_id: champion.id, actor_role: role, action: "started", from_status: null, to_status: "draft" },
    ];
    if (!seed.draft) events.push({ champion_visit_id: visit.id, occurred_at: publishedAt, actor_user_id: champion.id, actor_role: role, action: "published", from_status: "draft", to_status: "published" });
    await db.insertInto("champion_visit_events").values(events).execute();
    const staff = await schoolStaff(school);
    for (const [index, action] of seed.actions.entries()) {
      const dueOn = addDays(visitedOn, action.dueInDays);
      const doneAt = action.done && staff ? at(addDays(visitedOn, Math.min(action.dueInDays - 2, seed.daysAgo - 1)), 14) : null;
      const closedAt = action.closed ? at(addDays(visitedOn, Math.min(action.dueInDays, seed.daysAgo - 1)), 11) : null;
      const status = closedAt ? "closed" : doneAt ? "done" : "open";
      const row = await db
        .insertInto("agreed_actions")
        .values({
          champion_visit_id: visit.id,
          position: index + 1,
          description: action.description,
          owner: action.owner,
          due_on: dueOn,
          status,
          done_note: doneAt ? action.done! : null,
          done_at: doneAt,
          done_by: doneAt ? staff : null,
          closed_at: closedAt,
          closed_by: closedAt ? champion.id : null,
          guidance_article_id: action.guidance
            ? ((await db.selectFrom("guidance_articles").select("id").where("title", "=", action.guidance).where("status", "=", "published").executeTakeFirst())?.id ?? null)
            : null,
          created_at: at(visitedOn, 15),
          version: 1 + (doneAt ? 1 : 0) + (closedAt ? 1 : 0),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (seed.draft) continue;
      const timeline: { agreed_action_id: number; occurred_at: Date; actor_user_id: number; actor_role: string; action: string; from_status: string | null; to_status: string; comment: string | null }[] = [{ agreed_action_id: row.id, occurred_at: publishedAt, actor_user_id: champion.id, actor_role: role, action: "agreed", from_status: null, to_status: "open", comment: null }];
      if (doneAt) timeline.push({ agreed_action_id: row.id, occurred_at: doneAt, actor_user_id: staff!, actor_role: "headteacher", action: "done", from_status: "open", to_status: "done", comment: action.done! });
      if (closedAt) timeline.push({ agreed_action_id: row.id, occurred_at: closedAt, actor_user_id: champion.id, actor_role: role, action: "closed", from_status: "open", to_status: "closed", comment: null });
      await db.insertInto("agreed_action_events").values(timeline).execute();
    }
  }
}
