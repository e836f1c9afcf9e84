import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { liftReferralInReach, reachOf, stlsVisitInReach } from "../access/scopes.server.ts";
import { type DB } from "./visit-store.server.ts";
import { VISIT_EVENT_LABELS, type VisitStatus, isVisitStatus, visitCan } from "./visits.workflow.ts";

/**
 * One visit or clinic booking as its page shows it (ADR 45), under stlsVisitInReach (404 otherwise): the slot,
 * the school, the pupil only when the actor reaches them (the school's staff; an STLS teacher through the
 * referral, or as the teacher the school named the pupil to at a clinic), the note, the timeline, and what the
 * actor may do now.
 */
export async function getVisit(db: DB, actor: Actor, visitId: number, now = new Date()) {
  requirePermission(actor, "stls:view");
  const row = await db
    .selectFrom("stls_visits")
    .innerJoin("stls_slots", "stls_slots.id", "stls_visits.slot_id")
    .innerJoin("schools", "schools.id", "stls_visits.school_id")
    .innerJoin("users as teacher", "teacher.id", "stls_slots.teacher_user_id")
    .leftJoin("lift_outcomes", "lift_outcomes.id", "stls_visits.involvement_id")
    .leftJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .leftJoin("pupils", "pupils.id", "stls_visits.pupil_id")
    .select([
      "stls_visits.id",
      "stls_visits.status",
      "stls_visits.version",
      "stls_visits.topic as booking_topic",
      "stls_visits.cancelled_side",
      "stls_visits.cancelled_reason",
      "stls_visits.cancelled_at",
      "stls_visits.outcome_note",
      "stls_visits.note_at",
      "stls_visits.booked_at",
      "stls_slots.kind",
      "stls_slots.starts_at",
      "stls_slots.ends_at",
      "stls_slots.place",
      "stls_slots.topic as clinic_topic",
      "stls_slots.teacher_user_id",
      "teacher.display_name as teacher",
      "schools.name as school",
      "lift_referrals.reference",
      "lift_referrals.id as referral_id",
      "lift_outcomes.visits_allocated",
      "pupils.first_name",
      "pupils.last_name",
    ])
    .where("stls_visits.id", "=", visitId)
    .where(stlsVisitInReach(actor))
    .executeTakeFirst();
  if (!row || !isVisitStatus(row.status)) notFound();
  const status = row.status as VisitStatus;
  const own = reachOf(actor) === "own_school";
  const isTeacher = row.teacher_user_id === actor.userId;
  const referralInReach =
    row.referral_id !== null &&
    (await db.selectFrom("lift_referrals").select("id").where("id", "=", row.referral_id).where(liftReferralInReach(actor)).executeTakeFirst()) !== undefined;
  const pupilShown = row.first_name !== null && (own || isTeacher || referralInReach);
  const timeline = await db
    .selectFrom("stls_visit_events")
    .leftJoin("users", "users.id", "stls_visit_events.actor_user_id")
    .select(["stls_visit_events.id", "stls_visit_events.action", "stls_visit_events.occurred_at", "stls_visit_events.comment", "users.display_name"])
    .where("stls_visit_events.stls_visit_id", "=", visitId)
    .orderBy("stls_visit_events.id")
    .execute();
  const begun = new Date(row.starts_at) <= now;
  const flags = visitCan(actor.role, status);
  return {
    id: row.id,
    status,
    version: row.version,
    kind: row.kind as "visit" | "clinic",
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place,
    clinicTopic: row.clinic_topic,
    bookingTopic: row.booking_topic,
    teacher: row.teacher,
    school: row.school,
    reference: row.reference && referralInReach ? row.reference : null,
    pupil: pupilShown ? `${row.first_name} ${row.last_name}` : null,
    cancelled: row.cancelled_reason ? { side: row.cancelled_side, reason: row.cancelled_reason, at: row.cancelled_at } : null,
    note: row.outcome_note ? { text: row.outcome_note, at: row.note_at } : null,
    begun,
    can: {
      cancel: !begun && ((actor.role === "stls" && isTeacher && flags.cancelBySpecialist) || (actor.role !== "stls" && flags.cancelBySchool)),
      note: begun && isTeacher && flags.writeNote,
    },
    timeline: timeline.map((e) => ({ id: Number(e.id), label: VISIT_EVENT_LABELS[e.action] ?? e.action, at: e.occurred_at, who: e.display_name ?? "The portal", comment: e.comment })),
  };
}

export type VisitView = Awaited<ReturnType<typeof getVisit>>;

/** Whether the actor sees visits as figures only (the council, ADR 42): their visit page is /stls. */
export function seesVisitsAsFigures(actor: Actor): boolean {
  return reachOf(actor) === "county";
}
