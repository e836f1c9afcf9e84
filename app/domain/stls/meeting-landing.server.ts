import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can, requirePermission } from "../access/access.server.ts";
import { liftGroupInReach, liftMeetingInReach, liftReferralInReach, reachOf } from "../access/scopes.server.ts";
import { londonToday } from "../financial-year.ts";
import { londonDateAndTime } from "../london-time.ts";
import { linkTeacherOf } from "./link-teachers.server.ts";
import { districtChoices, meetingsOfReach } from "./meeting-queries.server.ts";

/**
 * The LIFT landing page (ADR 43). A school's staff: the group serving their school, its STLS link teacher, the
 * group's coming meetings with the papers-due day, the cap and how many of the school's referrals each holds. STLS
 * teachers and officers: the meetings of their reach (officers by district), coming first, with figures by state.
 */

type DB = Kysely<Database>;

async function schoolLanding(db: DB, actor: Actor, now: Date) {
  const schoolId = actor.schoolIds[0];
  if (schoolId === undefined) return { kind: "school" as const, group: null, linkTeacher: null, meetings: [], canRefer: false };
  const [group, linkTeacher, meetings] = await Promise.all([
    db.selectFrom("lift_groups").innerJoin("districts", "districts.id", "lift_groups.district_id").select(["lift_groups.id", "lift_groups.name", "districts.name as district_name"]).where(liftGroupInReach(actor)).executeTakeFirst(),
    linkTeacherOf(db, schoolId),
    db
      .selectFrom("lift_meetings")
      .select(["id", "starts_at", "ends_at", "venue", "online_url", "papers_due_on", "referral_cap", "status", "cancelled_reason"])
      .select((eb) =>
        eb
          .selectFrom("lift_referrals")
          .select(eb.fn.countAll<string>().as("n"))
          .whereRef("lift_referrals.meeting_id", "=", "lift_meetings.id")
          .where("lift_referrals.status", "in", ["sent", "outcome"])
          .where(liftReferralInReach(actor))
          .as("ours"),
      )
      .where(liftMeetingInReach(actor))
      .where("ends_at", ">", now)
      .orderBy("starts_at")
      .orderBy("id")
      .limit(20)
      .execute(),
  ]);
  const today = londonToday(now);
  return {
    kind: "school" as const,
    group: group ? { name: group.name, districtName: group.district_name } : null,
    linkTeacher: linkTeacher ?? null,
    canRefer: can(actor, "lift:refer"),
    meetings: meetings.map((m) => ({
      id: m.id,
      date: londonDateAndTime(m.starts_at).date,
      startsAt: new Date(m.starts_at).toISOString(),
      endsAt: new Date(m.ends_at).toISOString(),
      venue: m.venue,
      online: m.online_url !== null,
      papersDueOn: m.papers_due_on,
      papersDue: m.papers_due_on < today,
      cap: m.referral_cap,
      cancelled: m.status === "cancelled",
      ours: Number(m.ours ?? 0),
    })),
  };
}

export async function liftLanding(db: DB, actor: Actor, districtId: number | null, now = new Date()) {
  requirePermission(actor, "lift:view");
  if (reachOf(actor) === "own_school") return schoolLanding(db, actor, now);
  const [meetings, districts] = await Promise.all([meetingsOfReach(db, actor, { districtId: reachOf(actor) === "county" ? districtId : null, now }), districtChoices(db, actor)]);
  return { kind: "keeper" as const, ...meetings, districts, districtId: reachOf(actor) === "county" ? districtId : null, canKeep: can(actor, "lift:meetings") };
}
