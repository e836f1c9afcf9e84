import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can, requirePermission } from "../access/access.server.ts";
import { liftReferralFiguresInReach, liftReferralInReach, reachOf } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { noLaterMeeting } from "./carry.server.ts";
import { getMeeting } from "./meeting-queries.server.ts";
import { isOutcomeKind, isReferralStatus, type OutcomeKind, type ReferralStatus } from "./referrals.workflow.ts";

/**
 * A LIFT meeting's page (ADR 43), by who is looking:
 * - the district's STLS teachers: the agenda, its referrals with the pupil (liftReferralInReach: sent ones of their
 *   district's schools), each with its outcome once recorded; viewing it is audited (it names children);
 * - council officers: the meeting's referrals counted by school, discipline and state (liftReferralFiguresInReach:
 *   figures, never a pupil);
 * - a school's staff: the meeting and their own school's referrals on it.
 */

type DB = Kysely<Database>;

export interface AgendaItem {
  reference: string;
  schoolName: string;
  pupilName: string;
  yearGroup: string;
  primaryNeed: string;
  discipline: string | null;
  question: string | null;
  carriedCount: number;
  status: ReferralStatus;
  outcome: { kind: OutcomeKind; advice: string } | null;
  /** Still waiting for LIFT at this meeting (sent, on it, no outcome here). */
  waiting: boolean;
}

/** The meeting's agenda: its referrals (those deferred from it too), in the order they were sent. */
async function agendaOf(db: DB, actor: Actor, meetingId: number): Promise<AgendaItem[]> {
  const rows = await db
    .selectFrom("lift_referrals")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .leftJoin("lift_outcomes", (join) => join.onRef("lift_outcomes.lift_referral_id", "=", "lift_referrals.id").on("lift_outcomes.meeting_id", "=", meetingId))
    .select([
      "lift_referrals.reference",
      "lift_referrals.status",
      "lift_referrals.meeting_id",
      "lift_referrals.discipline",
      "lift_referrals.question",
      "lift_referrals.carried_count",
      "schools.name as school_name",
      "pupils.first_name",
      "pupils.last_name",
      "pupils.year_group",
      "pupils.primary_need",
      "lift_outcomes.kind",
      "lift_outcomes.advice",
    ])
    // The referrals on it, and those with an outcome at it (deferred since): one id list, each half read by its
    // own index (an OR holding a subquery cannot use the meeting index: it would read every referral).
    .where(
      "lift_referrals.id",
      "in",
      db
        .selectFrom("lift_referrals as on_meeting")
        .select("on_meeting.id")
        .where("on_meeting.meeting_id", "=", meetingId)
        .where("on_meeting.status", "in", ["sent", "outcome"])
        .unionAll(db.selectFrom("lift_outcomes").select("lift_outcomes.lift_referral_id as id").where("lift_outcomes.meeting_id", "=", meetingId)),
    )
    .where(liftReferralInReach(actor))
    .orderBy("lift_referrals.sent_at")
    .orderBy("lift_referrals.id")
    .limit(200)
    .execute();
  return rows.flatMap((r) => {
    if (!isReferralStatus(r.status)) return [];
    const outcome = r.kind && isOutcomeKind(r.kind) && r.advice ? { kind: r.kind, advice: r.advice } : null;
    return [
      {
        reference: r.reference,
        schoolName: r.school_name,
        pupilName: `${r.first_name} ${r.last_name}`,
        yearGroup: r.year_group,
        primaryNeed: r.primary_need,
        discipline: r.discipline,
        question: r.question,
        carriedCount: r.carried_count,
        status: r.status,
        outcome,
        waiting: outcome === null && r.status === "sent" && r.meeting_id === meetingId,
      },
    ];
  });
}

/** The meeting's referrals as counts by school, discipline and state: what officers see. */
async function figuresOf(db: DB, actor: Actor, meetingId: number) {
  const rows = await db
    .selectFrom("lift_referrals")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .select(["schools.name as school_name", "lift_referrals.discipline", "lift_referrals.status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("lift_referrals.meeting_id", "=", meetingId)
    .where(liftReferralFiguresInReach(actor))
    .groupBy(["schools.name", "lift_referrals.discipline", "lift_referrals.status"])
    .orderBy("schools.name")
    .orderBy("lift_referrals.discipline")
    .orderBy("lift_referrals.status")
    .execute();
  return rows.map((r) => ({ schoolName: r.school_name, discipline: r.discipline ?? "Not given", status: isReferralStatus(r.status) ? r.status : ("sent" as ReferralStatus), count: Number(r.n) }));
}

/** The school's own referrals on the meeting (drafts among them), for its staff. */
async function ownReferrals(db: DB, actor: Actor, meetingId: number) {
  const rows = await db
    .selectFrom("lift_referrals")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .select(["lift_referrals.reference", "lift_referrals.status", "pupils.first_name", "pupils.last_name", "lift_referrals.discipline"])
    .where("lift_referrals.meeting_id", "=", meetingId)
    .where("lift_referrals.status", "<>", "withdrawn")
    .where(liftReferralInReach(actor))
    .orderBy("lift_referrals.id")
    .execute();
  return rows.flatMap((r) => (isReferralStatus(r.status) ? [{ reference: r.reference, status: r.status, pupilName: `${r.first_name} ${r.last_name}`, discipline: r.discipline }] : []));
}

export type MeetingPage = Awaited<ReturnType<typeof meetingPage>>;

export async function meetingPage(db: DB, actor: Actor, meetingId: number, requestId: string, now = new Date()) {
  requirePermission(actor, "lift:view");
  const meeting = await getMeeting(db, actor, meetingId);
  const base = {
    meeting,
    canKeep: can(actor, "lift:meetings"),
    canRecord: can(actor, "lift:outcome"),
    noLaterMeeting: await noLaterMeeting(db, meeting, now),
  };
  if (can(actor, "lift:outcome")) {
    const agenda = await agendaOf(db, actor, meetingId);
    if (agenda.length > 0) {
      await recordAudit(db, { actor, action: "lift_meeting.agenda_viewed", subjectType: "lift_meeting", subjectId: meetingId, requestId, detail: { referrals: agenda.length } });
    }
    return { ...base, view: "agenda" as const, agenda, figures: [], own: [] };
  }
  if (reachOf(actor) === "own_school") return { ...base, view: "school" as const, agenda: [], figures: [], own: await ownReferrals(db, actor, meetingId) };
  return { ...base, view: "figures" as const, agenda: [], figures: await figuresOf(db, actor, meetingId), own: [] };
}
