import { formatDate } from "../../components/format.ts";
import type { Actor } from "../access/access.server.ts";
import { londonToday } from "../financial-year.ts";
import { londonDateAndTime } from "../london-time.ts";
import type { Refusal } from "../result.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { groupOfSchool, meetingRefused, placesUsed } from "./referral-meetings.server.ts";
import { referralSent } from "./referral-notices.ts";
import { lockedForMeeting, lockedMessage, referralProblems } from "./referral.rules.ts";
import { type DB, REFERRAL_STORE, type Trx, lockMeeting } from "./referral-store.server.ts";

/**
 * Sending a referral to LIFT and withdrawing it (SENCO, ADR 44): steps of referrals.workflow.ts through the
 * engine, whose lock comes first (the referral), then the meeting's (`lockMeeting`), under which the school's
 * places at the meeting are counted: two sends at once for the last place cannot both pass.
 */

/** What sending needs of the referral beyond the engine's row: its answers and the signed document. */
async function answersOf(trx: Trx, referralId: number) {
  const row = await trx
    .selectFrom("lift_referrals")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .select(["lift_referrals.meeting_id", "discipline", "core_standards_tried", "question", "agreement_signed_by", "agreement_signed_on", "schools.name as school_name"])
    .where("lift_referrals.id", "=", referralId)
    .executeTakeFirstOrThrow();
  const document = await trx
    .selectFrom("lift_referral_documents")
    .select("id")
    .where("lift_referral_id", "=", referralId)
    .where("kind", "=", "agreement_to_engage")
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  return { ...row, hasDocument: Boolean(document) };
}

const fromRefusal = (fieldErrors: Record<string, string[]>): Refusal => ({ ok: false, fieldErrors });

/**
 * Sends the referral (from check your answers). Refused, with nothing written: a section incomplete (the signed
 * Agreement to Engage, its signer or date among them); a meeting of another group or district, cancelled or held;
 * papers already due; the school's places at the meeting used up (counted under the meeting's lock).
 */
export function sendReferral(db: DB, actor: Actor, reference: string, input: { version: number }, requestId: string, now: () => Date = () => new Date()): Promise<StepResult> {
  return takeStep(db, actor, REFERRAL_STORE, "send", { key: reference, version: input.version, fields: {} }, requestId, async (trx, row) => {
    const answers = await answersOf(trx, row.id);
    const problems = referralProblems({
      meetingId: answers.meeting_id,
      discipline: answers.discipline,
      coreStandardsTried: answers.core_standards_tried,
      question: answers.question,
      agreementSignedBy: answers.agreement_signed_by,
      agreementSignedOn: answers.agreement_signed_on,
      agreementDocument: answers.hasDocument,
    });
    if (Object.keys(problems).length > 0) return fromRefusal(problems);
    // The referral is locked (the engine's claim); now its meeting, then the count under that lock.
    const locked = await lockMeeting(trx, row.meeting_id);
    const group = await groupOfSchool(trx, row.school_id);
    const meeting = locked && { id: locked.id, groupId: locked.group_id, date: londonDateAndTime(locked.starts_at).date, startsAt: locked.starts_at, papersDueOn: locked.papers_due_on, cap: locked.referral_cap, status: locked.status };
    const at = now();
    const used = meeting && meeting.groupId === group?.id ? await placesUsed(trx, meeting.id, row.school_id, row.id) : 0;
    const refusal = await meetingRefused(trx, { group, meeting, schoolId: row.school_id, schoolName: answers.school_name, used, referralId: row.id }, at);
    if (refusal) return fromRefusal({ meetingId: [refusal.message] });
    // meetingRefusal refuses a referral whose meeting is missing: there is one here.
    if (!meeting) throw new Error(`Referral ${row.reference} has no meeting to send to`);
    return {
      set: { sent_at: at, sent_by: actor.userId },
      notice: referralSent(row.reference, answers.school_name, formatDate(meeting.date)),
    };
  });
}

/**
 * Withdraws the referral (SENCO, after the confirm step): a draft at any time; a sent one until its meeting's
 * papers-due day, after which it is locked for the meeting.
 */
export function withdrawReferral(db: DB, actor: Actor, reference: string, input: { version: number; comment?: string }, requestId: string, now: () => Date = () => new Date()): Promise<StepResult> {
  return takeStep(db, actor, REFERRAL_STORE, "withdraw", { key: reference, version: input.version, comment: input.comment || null }, requestId, async (trx, row) => {
    if (row.status === "sent") {
      const meeting = await lockMeeting(trx, row.meeting_id);
      if (meeting && lockedForMeeting(row.status, meeting.papers_due_on, londonToday(now()))) {
        return { ok: false, formError: lockedMessage(londonDateAndTime(meeting.starts_at).date, meeting.papers_due_on) };
      }
    }
    return { set: { withdrawn_at: now() } };
  });
}
