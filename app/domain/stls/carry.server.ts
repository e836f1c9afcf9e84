import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { formatLondonDay } from "../../components/format.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { notifyUsers, schoolStaffIds } from "../notifications/notify.server.ts";
import { nextOpenMeeting } from "./meeting-queries.server.ts";
import { addReferralEvent } from "./referral-store.server.ts";

/**
 * Carrying referrals on (ADR 43): a sent referral that has no outcome at its meeting moves to the group's next
 * scheduled meeting, its history kept: the `carry` step of referrals.workflow.ts, taken by the system (no actor on
 * the timeline), `carried_count` + 1, a comment naming both meetings' days, the school's staff told.
 *
 * When: at once for a cancelled meeting; for a meeting held, once papers are due for the group's next meeting
 * (LIFT has until then to record what it decided: the afternoon of the meeting, the days after), so the referral
 * joins the next agenda on time. A group with no later meeting leaves the referral where it is (the agenda says
 * so); it moves on once one is added.
 *
 * Run by the sweep (server/email.ts, every ten minutes) and straight after a meeting is cancelled. Lock order
 * (referral-store.server.ts): the referrals, in id order, then nothing else is locked (the target meeting is only
 * read). Each referral is re-read under its lock still sent, still on that meeting, still without an outcome
 * there, so two sweeps at once (two instances of the portal) move it once.
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

/** The meetings whose referrals are due to be carried now, with how many are waiting on each. */
async function meetingsToCarry(db: DB | Trx, now: Date) {
  const today = londonToday(now);
  return db
    .selectFrom("lift_meetings as m")
    .select(["m.id", "m.group_id", "m.starts_at", "m.status"])
    .where((eb) =>
      eb.or([
        // Cancelled: as soon as the group has a later meeting to carry to (until then, nothing to do each sweep).
        eb.and([
          eb("m.status", "=", "cancelled"),
          eb.exists(
            eb
              .selectFrom("lift_meetings as n")
              .select("n.id")
              .whereRef("n.group_id", "=", "m.group_id")
              .where("n.status", "=", "scheduled")
              .where("n.starts_at", ">", sql<Date>`greatest(${now}::timestamptz, m.starts_at)`),
          ),
        ]),
        eb.and([
          eb("m.ends_at", "<=", now),
          eb.exists(
            eb
              .selectFrom("lift_meetings as n")
              .select("n.id")
              .whereRef("n.group_id", "=", "m.group_id")
              .where("n.status", "=", "scheduled")
              .whereRef("n.starts_at", ">", "m.starts_at")
              .where("n.papers_due_on", "<=", today),
          ),
        ]),
      ]),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("lift_referrals as r")
          .select("r.id")
          .whereRef("r.meeting_id", "=", "m.id")
          .where("r.status", "=", "sent")
          .where((inner) => inner.not(inner.exists(inner.selectFrom("lift_outcomes as o").select("o.id").whereRef("o.lift_referral_id", "=", "r.id").whereRef("o.meeting_id", "=", "m.id")))),
      ),
    )
    .orderBy("m.starts_at")
    .orderBy("m.id")
    .execute();
}

/**
 * Moves the meeting's waiting referrals to the group's next scheduled meeting, in the transaction given. Returns how
 * many moved and where to (null: the group has no later meeting, nothing moved).
 */
export async function carryFromMeeting(trx: Trx, meeting: { id: number; group_id: number; starts_at: Date | string; status: string }, now: Date, requestId: string) {
  const target = await nextOpenMeeting(trx, { groupId: meeting.group_id, startsAt: meeting.starts_at }, now);
  if (!target) return { moved: 0, to: null };
  const referrals = await trx
    .selectFrom("lift_referrals as r")
    .select(["r.id", "r.reference", "r.school_id"])
    .where("r.meeting_id", "=", meeting.id)
    .where("r.status", "=", "sent")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("lift_outcomes as o").select("o.id").whereRef("o.lift_referral_id", "=", "r.id").where("o.meeting_id", "=", meeting.id))))
    .orderBy("r.id")
    .forUpdate()
    .execute();
  if (referrals.length === 0) return { moved: 0, to: target.id };
  const from = formatLondonDay(meeting.starts_at);
  const to = formatLondonDay(target.starts_at);
  const comment =
    meeting.status === "cancelled"
      ? `The meeting on ${from} was cancelled: carried to the meeting on ${to}.`
      : `Not reached at the meeting on ${from}: carried to the meeting on ${to}.`;
  await trx
    .updateTable("lift_referrals")
    .set((eb) => ({ meeting_id: target.id, carried_count: eb("carried_count", "+", 1), version: eb("version", "+", 1), updated_at: now }))
    .where("id", "in", referrals.map((r) => r.id))
    .execute();
  const staff = new Map<number, number[]>();
  for (const referral of referrals) {
    await addReferralEvent(trx, null, referral.id, { action: "carried", from: "sent", to: "sent", comment });
    await recordAudit(trx, {
      actor: null,
      action: "lift_referral.carried",
      subjectType: "lift_referral",
      subjectId: referral.id,
      requestId,
      detail: { reference: referral.reference, fromMeetingId: meeting.id, toMeetingId: target.id },
    });
    if (!staff.has(referral.school_id)) staff.set(referral.school_id, await schoolStaffIds(trx, referral.school_id));
    await notifyUsers(trx, staff.get(referral.school_id)!, {
      subject: `LIFT referral ${referral.reference} carried to ${to}`,
      message: `${comment} Nothing needs sending again: the referral and its papers go with it.`,
      link: `/lift/referrals/${referral.reference}`,
    });
  }
  return { moved: referrals.length, to: target.id };
}

/** Carries on every referral due to move now (the sweep), one meeting per transaction. */
export async function sweepLiftCarryOver(db: DB, now = new Date(), requestId = "sweep:lift-carry"): Promise<{ carried: number; stuck: number }> {
  let carried = 0;
  let stuck = 0;
  for (const meeting of await meetingsToCarry(db, now)) {
    const result = await db.transaction().execute(async (trx) => {
      // One sweep at a time for a meeting, however many portals run: the second waits, then finds nothing left.
      await sql`select pg_advisory_xact_lock(hashtext(${`lift_carry:${meeting.id}`}))`.execute(trx);
      return carryFromMeeting(trx, meeting, now, requestId);
    });
    carried += result.moved;
    if (result.to === null) stuck++;
  }
  return { carried, stuck };
}

/** Whether the meeting's referrals not reached would stay put: the group has no scheduled meeting after it. */
export async function noLaterMeeting(db: DB, meeting: { groupId: number; startsAt: string | Date }, now = new Date()): Promise<boolean> {
  return (await nextOpenMeeting(db, meeting, now)) === undefined;
}
