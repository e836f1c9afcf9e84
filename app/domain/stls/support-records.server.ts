import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { OUTCOME_KIND_LABELS, type OutcomeKind, isOutcomeKind } from "./referrals.workflow.ts";
import { SLOT_KIND_LABELS, VISIT_STATUS_LABELS, type SlotKind, type VisitStatus, isVisitStatus } from "./visits.workflow.ts";

/**
 * A pupil's LIFT outcomes and specialist visits as the support timeline, a funding request's page and its evidence
 * show them (ADR 46): the rows with what each shows, before any scope. Each caller adds its own reach (the school's
 * staff through liftReferralInReach and stlsVisitInReach, the council only through a funding request that reached
 * it) and its own pupil: nothing here reads a child's record by itself.
 */

export type DB = Kysely<Database> | Transaction<Database>;

/** A LIFT outcome: what the meeting decided about a referral. */
export interface LiftOutcomeView {
  id: number;
  referralId: number;
  referralReference: string;
  kind: OutcomeKind;
  kindLabel: string;
  advice: string;
  /** The meeting that decided it. */
  meetingAt: Date;
  recordedAt: Date;
  /** Training suggested: the catalogue's course. */
  course: string | null;
  /** Support from another school: the school. */
  supportingSchool: string | null;
  /** Specialist involvement: the named teacher and the visits allocated. */
  specialist: string | null;
  visitsAllocated: number | null;
}

/** A specialist teacher's visit, or a drop-in clinic booking, about the pupil. */
export interface StlsVisitView {
  id: number;
  status: VisitStatus;
  statusLabel: string;
  slotKind: SlotKind;
  slotKindLabel: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  teacher: string;
  /** The involvement (a LIFT outcome) it was booked against, and that outcome's referral. */
  involvementId: number | null;
  referralReference: string | null;
  cancelled: { at: Date; bySpecialist: boolean; reason: string } | null;
  note: { text: string; at: Date } | null;
}

/** Outcomes with their referral, meeting, course, supporting school and specialist. */
export function outcomeRows(db: DB) {
  return db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .innerJoin("lift_meetings", "lift_meetings.id", "lift_outcomes.meeting_id")
    .leftJoin("training_courses", "training_courses.id", "lift_outcomes.training_course_id")
    .leftJoin("schools as supporting", "supporting.id", "lift_outcomes.supporting_school_id")
    .leftJoin("users as specialist", "specialist.id", "lift_outcomes.specialist_user_id")
    .select([
      "lift_outcomes.id",
      "lift_outcomes.lift_referral_id",
      "lift_outcomes.kind",
      "lift_outcomes.advice",
      "lift_outcomes.visits_allocated",
      "lift_outcomes.recorded_at",
      "lift_referrals.reference",
      "lift_referrals.pupil_id",
      "lift_referrals.school_id",
      "lift_meetings.starts_at as meeting_at",
      "training_courses.title as course",
      "supporting.name as supporting_school",
      "specialist.display_name as specialist",
    ]);
}

type OutcomeRow = Awaited<ReturnType<ReturnType<typeof outcomeRows>["execute"]>>[number];

export function toOutcomeView(r: OutcomeRow): LiftOutcomeView {
  const kind: OutcomeKind = isOutcomeKind(r.kind) ? r.kind : "advice";
  return {
    id: r.id,
    referralId: r.lift_referral_id,
    referralReference: r.reference,
    kind,
    kindLabel: OUTCOME_KIND_LABELS[kind],
    advice: r.advice,
    meetingAt: r.meeting_at,
    recordedAt: r.recorded_at,
    course: r.course,
    supportingSchool: r.supporting_school,
    specialist: r.specialist,
    visitsAllocated: r.visits_allocated,
  };
}

/** Visits with their slot, teacher and the referral of the involvement they were booked against. */
export function visitRows(db: DB) {
  return db
    .selectFrom("stls_visits")
    .innerJoin("stls_slots", "stls_slots.id", "stls_visits.slot_id")
    .innerJoin("users as teacher", "teacher.id", "stls_slots.teacher_user_id")
    .leftJoin("lift_outcomes as involvement", "involvement.id", "stls_visits.involvement_id")
    .leftJoin("lift_referrals as involved_referral", "involved_referral.id", "involvement.lift_referral_id")
    .select([
      "stls_visits.id",
      "stls_visits.status",
      "stls_visits.school_id",
      "stls_visits.pupil_id",
      "stls_visits.involvement_id",
      "stls_visits.cancelled_at",
      "stls_visits.cancelled_side",
      "stls_visits.cancelled_reason",
      "stls_visits.outcome_note",
      "stls_visits.note_at",
      "stls_slots.kind as slot_kind",
      "stls_slots.starts_at",
      "stls_slots.ends_at",
      "stls_slots.place",
      "teacher.display_name as teacher",
      "involved_referral.reference as referral_reference",
    ]);
}

type VisitRow = Awaited<ReturnType<ReturnType<typeof visitRows>["execute"]>>[number];

export function toVisitView(r: VisitRow): StlsVisitView {
  const status: VisitStatus = isVisitStatus(r.status) ? r.status : "booked";
  const slotKind: SlotKind = r.slot_kind === "clinic" ? "clinic" : "visit";
  return {
    id: r.id,
    status,
    statusLabel: VISIT_STATUS_LABELS[status],
    slotKind,
    slotKindLabel: SLOT_KIND_LABELS[slotKind],
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    teacher: r.teacher,
    involvementId: r.involvement_id,
    referralReference: r.referral_reference,
    cancelled:
      status === "cancelled" && r.cancelled_at && r.cancelled_reason ? { at: r.cancelled_at, bySpecialist: r.cancelled_side === "specialist", reason: r.cancelled_reason } : null,
    note: status === "done" && r.outcome_note && r.note_at ? { text: r.outcome_note, at: r.note_at } : null,
  };
}
