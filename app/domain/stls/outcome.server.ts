import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { formatDate, formatLondonDay } from "../../components/format.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { liftReferralInReach } from "../access/scopes.server.ts";
import { londonToday } from "../financial-year.ts";
import { londonDateAndTime } from "../london-time.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { districtTeachers } from "./link-teachers.server.ts";
import { getMeeting, nextOpenMeeting } from "./meeting-queries.server.ts";
import type { OutcomeInput } from "./outcome.schema.ts";
import { isReferralReference, lockMeeting, REFERRAL_STORE } from "./referral-store.server.ts";
import { isOutcomeKind, isReferralStatus, OUTCOME_KIND_LABELS, type OutcomeKind } from "./referrals.workflow.ts";

/**
 * LIFT's outcome for a referral (ADR 43), recorded by a specialist teacher of the school's district on the
 * referral's meeting: advice, training suggested (a course of the catalogue), support from another school of the
 * district, specialist involvement allocated to a named STLS teacher of the district with a number of visits, or
 * deferred (the referral moves on to the group's next scheduled meeting, still sent). A step of the referral's
 * workflow (recordOutcome or defer) with the lift_outcomes row written in the step's work: all or nothing. Only once
 * the meeting has started (or is today) and if it is not cancelled; one outcome per referral per meeting. A
 * specialist of another district does not reach the referral: the same 404 as none, nothing written.
 */

type DB = Kysely<Database>;

/** Why an outcome cannot be recorded at this meeting now, or null when it can. */
function notYet(meeting: { status: string; starts_at: Date | string }, now: Date): string | null {
  if (meeting.status === "cancelled") return "This referral's meeting was cancelled: it is carried to the group's next meeting, where LIFT records its outcome.";
  const day = londonDateAndTime(meeting.starts_at).date;
  if (day > londonToday(now)) return `LIFT meets on ${formatDate(day)}: its outcome can be recorded from the day of the meeting.`;
  return null;
}

async function referralInReach(db: DB, actor: Actor, reference: string) {
  if (!isReferralReference(reference)) notFound();
  const row = await db
    .selectFrom("lift_referrals")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .select([
      "lift_referrals.id",
      "lift_referrals.reference",
      "lift_referrals.status",
      "lift_referrals.version",
      "lift_referrals.meeting_id",
      "lift_referrals.discipline",
      "lift_referrals.question",
      "lift_referrals.carried_count",
      "lift_referrals.school_id",
      "schools.name as school_name",
      "schools.district_id",
      "pupils.first_name",
      "pupils.last_name",
      "pupils.year_group",
      "pupils.primary_need",
    ])
    .where("lift_referrals.reference", "=", reference)
    .where(liftReferralInReach(actor))
    .executeTakeFirst();
  if (!row || !isReferralStatus(row.status) || row.meeting_id === null) notFound();
  return { ...row, meeting_id: row.meeting_id };
}

/** The outcome form's page: the referral, its meeting, whether an outcome can be recorded now, and the choices. */
export async function outcomeForm(db: DB, actor: Actor, reference: string, now = new Date()) {
  requirePermission(actor, "lift:outcome");
  const referral = await referralInReach(db, actor, reference);
  const meeting = await getMeeting(db, actor, referral.meeting_id);
  const [courses, schools, teachers, recorded] = await Promise.all([
    db.selectFrom("training_courses").select(["id", "title"]).where("active", "=", true).orderBy("title").execute(),
    db.selectFrom("schools").select(["id", "name"]).where("district_id", "=", referral.district_id).where("id", "<>", referral.school_id).orderBy("name").execute(),
    districtTeachers(db, referral.district_id),
    db
      .selectFrom("lift_outcomes")
      .innerJoin("lift_meetings", "lift_meetings.id", "lift_outcomes.meeting_id")
      .select(["lift_outcomes.kind", "lift_outcomes.advice", "lift_outcomes.visits_allocated", "lift_meetings.starts_at"])
      .where("lift_outcomes.lift_referral_id", "=", referral.id)
      .orderBy("lift_outcomes.id")
      .execute(),
  ]);
  const blocked =
    referral.status !== "sent"
      ? `This referral is ${referral.status === "outcome" ? "already decided: its outcome is recorded below" : "not waiting for LIFT"}.`
      : notYet({ status: meeting.status, starts_at: meeting.startsAt }, now);
  return {
    referral: {
      reference: referral.reference,
      version: referral.version,
      status: referral.status,
      schoolName: referral.school_name,
      pupilName: `${referral.first_name} ${referral.last_name}`,
      yearGroup: referral.year_group,
      primaryNeed: referral.primary_need,
      discipline: referral.discipline,
      question: referral.question,
      carriedCount: referral.carried_count,
    },
    meeting,
    blocked,
    recorded: recorded.flatMap((o) => (isOutcomeKind(o.kind) ? [{ kind: o.kind, label: OUTCOME_KIND_LABELS[o.kind], advice: o.advice, visits: o.visits_allocated, meetingDay: formatLondonDay(o.starts_at) }] : [])),
    choices: {
      courses: courses.map((c) => ({ value: String(c.id), label: c.title })),
      schools: schools.map((s) => ({ value: String(s.id), label: s.name })),
      teachers: teachers.map((t) => ({ value: String(t.id), label: t.display_name })),
    },
  };
}

/** The course, school and teacher an outcome names, each checked against the referral's district. */
async function checkChoices(db: DB, input: OutcomeInput, school: { id: number; district_id: number }): Promise<Refusal | null> {
  if (input.courseId !== null) {
    const course = await db.selectFrom("training_courses").select("id").where("id", "=", input.courseId).where("active", "=", true).executeTakeFirst();
    if (!course) return refuse("courseId", "Select a course of the training catalogue");
  }
  if (input.supportingSchoolId !== null) {
    const other = await db.selectFrom("schools").select(["id", "district_id"]).where("id", "=", input.supportingSchoolId).executeTakeFirst();
    if (!other || other.district_id !== school.district_id || other.id === school.id) return refuse("supportingSchoolId", "Select another school of the district to support");
  }
  if (input.specialistUserId !== null) {
    const teachers = await districtTeachers(db, school.district_id);
    if (!teachers.some((t) => t.id === input.specialistUserId)) return refuse("specialistUserId", "Select a specialist teacher of the school's district");
  }
  return null;
}

const NOTICE_WORDS: Record<OutcomeKind, string> = {
  advice: "LIFT has given its advice",
  training: "LIFT suggests training",
  school_support: "LIFT has arranged support from another school",
  involvement: "LIFT has allocated specialist involvement",
  deferred: "LIFT has deferred the referral to its next meeting",
};

/** Records LIFT's outcome at the referral's meeting (or defers it to the next), through the workflow engine. */
export async function recordOutcome(db: DB, actor: Actor, reference: string, input: OutcomeInput, requestId: string, now = new Date()): Promise<StepResult> {
  return (await recorded(db, actor, reference, input, requestId, now)).result;
}

/**
 * The same, for the outcome form: with the meeting the outcome was recorded at (the agenda the specialist goes back
 * to); for a form sent again, the meeting of the outcome the first send recorded.
 */
export async function recordOutcomeForAgenda(
  db: DB,
  actor: Actor,
  reference: string,
  input: OutcomeInput,
  requestId: string,
  now = new Date(),
): Promise<Result<{ again: boolean; meetingId: number }>> {
  const { result, meetingId } = await recorded(db, actor, reference, input, requestId, now);
  if (!result.ok) return result;
  if (meetingId !== undefined) return { ...result, meetingId };
  // Sent again: the meeting of the outcome the first send recorded, read under the actor's reach like the step.
  const first = await db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .select("lift_outcomes.meeting_id")
    .where("lift_referrals.reference", "=", reference)
    .where(liftReferralInReach(actor))
    .orderBy("lift_outcomes.id", "desc")
    .executeTakeFirstOrThrow();
  return { ...result, meetingId: first.meeting_id };
}

async function recorded(db: DB, actor: Actor, reference: string, input: OutcomeInput, requestId: string, now: Date): Promise<{ result: StepResult; meetingId: number | undefined }> {
  requirePermission(actor, "lift:outcome");
  const step = input.kind === "deferred" ? "defer" : "recordOutcome";
  let meetingId: number | undefined;
  const result = await takeStep(db, actor, REFERRAL_STORE, step, { key: reference, version: input.version, fields: { ...input }, comment: null }, requestId, async (trx, row) => {
    // The referral is locked (under the actor's reach): now its meeting (referral-store.server.ts's lock order).
    const meeting = await lockMeeting(trx, row.meeting_id);
    if (!meeting) return { ok: false, formError: "This referral is not on a meeting, so LIFT cannot record an outcome for it." };
    const why = notYet(meeting, now);
    if (why) return { ok: false, formError: why };
    const school = await trx.selectFrom("schools").select(["id", "district_id"]).where("id", "=", row.school_id).executeTakeFirstOrThrow();
    const refused = await checkChoices(trx, input, school);
    if (refused) return refused;
    const already = await trx.selectFrom("lift_outcomes").select("id").where("lift_referral_id", "=", row.id).where("meeting_id", "=", meeting.id).executeTakeFirst();
    if (already) return { ok: false, formError: "LIFT's outcome at this meeting is already recorded for this referral." };
    meetingId = meeting.id;
    let set: Record<string, unknown> = {};
    let comment: string | undefined;
    if (input.kind === "deferred") {
      const next = await nextOpenMeeting(trx, { groupId: meeting.group_id, startsAt: meeting.starts_at }, now);
      if (!next) return refuse("kind", "The group has no later meeting to defer it to: add the next meeting first, then defer it");
      set = { meeting_id: next.id, carried_count: row.carried_count + 1 };
      // The timeline names both days.
      comment = `Deferred at the meeting on ${formatLondonDay(meeting.starts_at)} to the meeting on ${formatLondonDay(next.starts_at)}.`;
    }
    await trx
      .insertInto("lift_outcomes")
      .values({
        lift_referral_id: row.id,
        meeting_id: meeting.id,
        kind: input.kind,
        advice: input.advice,
        training_course_id: input.courseId,
        supporting_school_id: input.supportingSchoolId,
        specialist_user_id: input.specialistUserId,
        visits_allocated: input.visits,
        recorded_by: actor.userId,
        recorded_role: actor.role,
      })
      .execute();
    return {
      set,
      comment,
      notice: {
        subject: `LIFT outcome for referral ${row.reference}`,
        message: `${NOTICE_WORDS[input.kind]} for referral ${row.reference} at the meeting on ${formatLondonDay(meeting.starts_at)}. Read it on the referral.`,
        link: `/lift/referrals/${row.reference}`,
      },
    };
  });
  return { result, meetingId };
}
