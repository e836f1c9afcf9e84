import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { liftReferralInReach } from "../access/scopes.server.ts";
import { schoolStaffIds } from "../notifications/notify.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";
import { isReferralStatus, REFERRAL_EVENT_LABELS, REFERRAL_STATUS_LABELS, REFERRAL_WORKFLOW, type ReferralAudience, type ReferralStatus, type ReferralStep } from "./referrals.workflow.ts";

/**
 * How LIFT referrals are stored, for the engine (app/domain/workflow/engine.server.ts): the referral row by its
 * reference under the actor's reach (liftReferralInReach), its timeline (lift_referral_events, whose actor is empty
 * for a step the system took).
 *
 * Lock order: a referral first, then its meeting. A step that counts a meeting's referrals (send, within the
 * meeting's cap) locks the meeting after the referral (`lockMeeting`); a use-case that changes a meeting and then
 * its referrals (cancelling it carries them on) locks the referrals it will move, in id order, before the meeting.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

export const REFERRAL_TIMELINE = { table: "lift_referral_events", caseColumn: "lift_referral_id" };

/** A referral's reference as an address gives it: LIFT-2026-00042; anything else finds nothing. */
export function isReferralReference(key: string): boolean {
  return /^LIFT-\d{4}-\d{5,9}$/.test(key);
}

async function lockReferral(trx: Trx, actor: Actor, key: string) {
  if (!isReferralReference(key)) return undefined;
  const row = await trx
    .selectFrom("lift_referrals")
    .select(["id", "reference", "status", "version", "school_id", "pupil_id", "meeting_id", "carried_count"])
    .where("reference", "=", key)
    .where(liftReferralInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row || !isReferralStatus(row.status)) return undefined;
  return { ...row, status: row.status as ReferralStatus };
}

export type LockedReferral = NonNullable<Awaited<ReturnType<typeof lockReferral>>>;

/** The referral's meeting, locked after the referral (see the lock order above); undefined if it has none. */
export async function lockMeeting(trx: Trx, meetingId: number | null) {
  if (meetingId === null) return undefined;
  return trx
    .selectFrom("lift_meetings")
    .select(["id", "group_id", "starts_at", "ends_at", "papers_due_on", "referral_cap", "status", "version"])
    .where("id", "=", meetingId)
    .forUpdate()
    .executeTakeFirst();
}

/** Appends one event to a referral's timeline (append-only); `actor` null for the system's own steps. */
export async function addReferralEvent(
  trx: Trx,
  actor: Pick<Actor, "userId" | "role"> | null,
  referralId: number,
  event: { action: string; from: ReferralStatus | null; to: ReferralStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, REFERRAL_TIMELINE, referralId, actor, event);
}

/** The school's STLS link teacher; with none named (or no longer active), the STLS teachers of its district. */
export async function linkTeacherOrDistrict(db: DB, schoolId: number): Promise<number[]> {
  const link = await db
    .selectFrom("stls_link_teachers")
    .innerJoin("users", "users.id", "stls_link_teachers.teacher_user_id")
    .select("users.id")
    .where("stls_link_teachers.school_id", "=", schoolId)
    .where("users.active", "=", true)
    .executeTakeFirst();
  if (link) return [link.id];
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .innerJoin("schools", "schools.district_id", "memberships.district_id")
    .select("users.id")
    .distinct()
    .where("memberships.role", "=", "stls")
    .where("schools.id", "=", schoolId)
    .where("users.active", "=", true)
    .execute();
  return rows.map((r) => r.id);
}

export const REFERRAL_STORE: CaseStore<ReferralStatus, ReferralStep, ReferralAudience, LockedReferral> = {
  workflow: REFERRAL_WORKFLOW,
  noun: "referral",
  lock: lockReferral,
  stateLabel: (status) => REFERRAL_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("lift_referrals")
      .set((eb) => ({ ...set, updated_at: new Date(), version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => addReferralEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, REFERRAL_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, REFERRAL_TIMELINE, row.id, REFERRAL_EVENT_LABELS),
  audience: (trx, row, audience) => (audience === "school" ? schoolStaffIds(trx, row.school_id) : linkTeacherOrDistrict(trx, row.school_id)),
  auditDetail: (row) => ({ reference: row.reference, meetingId: row.meeting_id }),
};
