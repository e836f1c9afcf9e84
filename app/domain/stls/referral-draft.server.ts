import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { readDateField } from "../date-field.schema.ts";
import { londonToday } from "../financial-year.ts";
import { isUniqueViolation } from "../record.server.ts";
import { newIdempotencyKey, nextReference } from "../references.server.ts";
import { type Result, refuse } from "../result.ts";
import { claimCase } from "../workflow/engine.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { isDiscipline } from "./disciplines.server.ts";
import { groupOfSchool, meetingProblem } from "./referral-meetings.server.ts";
import { type ReferralDraftFields } from "./referral.schema.ts";
import { NO_LIFT_GROUP, REFERRAL_LIMITS, referralProblems } from "./referral.rules.ts";
import { type DB, REFERRAL_STORE, addReferralEvent } from "./referral-store.server.ts";
import { REFERRAL_WORKFLOW } from "./referrals.workflow.ts";

export { newIdempotencyKey };

/** Starting a referral and saving its draft (SENCO, ADR 44). */

/** The referral a "start" form's one-off key made, if this person sent it; another person's key: 404. */
async function findByKey(db: DB, actor: Actor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("lift_referrals").select(["reference", "created_by"]).where("idempotency_key", "=", key).executeTakeFirst();
  if (row && row.created_by !== actor.userId) notFound();
  return row?.reference;
}

/**
 * Starts a draft for a pupil of the school's register still on roll (another school's pupil, or one who has left:
 * refused, nothing saved). The form's one-off key makes a second send find the first draft.
 */
export async function startReferral(db: DB, actor: Actor, input: { pupilId: number; idempotencyKey: string }, requestId: string): Promise<Result<{ reference: string }>> {
  requirePermission(actor, "lift:refer");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const existing = await findByKey(db, actor, input.idempotencyKey);
  if (existing) return { ok: true, reference: existing };
  const pupil = await db
    .selectFrom("pupils")
    .select("id")
    .where("id", "=", input.pupilId)
    .where("school_id", "=", schoolId)
    .where("date_left", "is", null)
    .executeTakeFirst();
  if (!pupil) return refuse("pupilId", "Select a pupil on your school's register");
  if (!(await groupOfSchool(db, schoolId))) return refuse("pupilId", NO_LIFT_GROUP);
  try {
    return await db.transaction().execute(async (trx) => {
      const reference = await nextReference(trx, "LIFT");
      const row = await trx
        .insertInto("lift_referrals")
        .values({ reference, school_id: schoolId, pupil_id: pupil.id, status: "draft", created_by: actor.userId, idempotency_key: input.idempotencyKey })
        .returning("id")
        .executeTakeFirstOrThrow();
      await addReferralEvent(trx, actor, row.id, { action: "created", from: null, to: "draft" });
      await recordAudit(trx, { actor, action: "lift_referral.create", subjectType: "lift_referral", subjectId: row.id, requestId, detail: { reference } });
      return { ok: true as const, reference };
    });
  } catch (error) {
    // The same form sent twice at once: one insert wins, the other finds it.
    if (isUniqueViolation(error, "lift_referrals_idempotency_key_key")) {
      const reference = await findByKey(db, actor, input.idempotencyKey);
      if (reference) return { ok: true, reference };
    }
    throw error;
  }
}

/** The draft's columns a save may write. */
type DraftPatch = {
  meeting_id?: number | null;
  discipline?: string | null;
  core_standards_tried?: string | null;
  question?: string | null;
  agreement_signed_by?: string | null;
  agreement_signed_on?: string | null;
};

const LABELS = {
  meeting_id: "meeting",
  discipline: "discipline",
  core_standards_tried: "what was tried at Mainstream Core Standards level",
  question: "question for LIFT",
  agreement_signed_by: "who signed the Agreement to Engage",
  agreement_signed_on: "date the Agreement to Engage was signed",
};

const tooLong = (what: string, max: number) => `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`;

/**
 * Reads the posted answers into what can be stored (`patch`) and what cannot, and why (`errors`, by field): a
 * field posted empty is cleared; one not posted is left as saved. The meeting and discipline are checked
 * against the database by the save.
 */
export function readReferralDraft(value: ReferralDraftFields, posted: Set<string>, today = londonToday()) {
  const patch: DraftPatch = {};
  const errors: Record<string, string[]> = {};
  const text = (field: "coreStandardsTried" | "question" | "agreementSignedBy", column: keyof DraftPatch, what: string) => {
    if (!posted.has(field)) return;
    const typed = value[field] ?? "";
    if (typed.length > REFERRAL_LIMITS[field]) errors[field] = [tooLong(what, REFERRAL_LIMITS[field])];
    else (patch as Record<string, unknown>)[column] = typed === "" ? null : typed;
  };
  if (posted.has("meetingId")) {
    const id = value.meetingId ?? "";
    if (id === "") patch.meeting_id = null;
    else if (/^\d{1,9}$/.test(id)) patch.meeting_id = Number(id);
    else errors.meetingId = ["Select a meeting from the list"];
  }
  if (posted.has("discipline")) patch.discipline = value.discipline || null;
  text("coreStandardsTried", "core_standards_tried", "What was tried at Mainstream Core Standards level");
  text("question", "question", "The question for LIFT");
  text("agreementSignedBy", "agreement_signed_by", "Who signed the Agreement to Engage");
  if (posted.has("agreementSignedOn")) {
    const reading = readDateField(value.agreementSignedOn, "the date the Agreement to Engage was signed", { required: false, missing: "" });
    if (!reading.ok) errors.agreementSignedOn = [reading.message];
    else if (reading.iso && reading.iso > today) errors.agreementSignedOn = ["The date the Agreement to Engage was signed must be today or in the past"];
    else if (reading.iso && reading.iso < "2020-01-01") errors.agreementSignedOn = ["The date the Agreement to Engage was signed must be in 2020 or later"];
    else patch.agreement_signed_on = reading.iso;
  }
  return { patch, errors };
}

/** What a save did: the new version, and what could not be stored (by field). */
export interface ReferralSaved {
  version: number;
  notSaved: Record<string, string[]>;
  /** What still stops the referral being sent, by field, as saved now. */
  problems: Record<string, string[]>;
}

/** What still stops a referral being sent, from what it holds now (its signed document among it). */
async function problemsNow(trx: DB, referralId: number): Promise<Record<string, string[]>> {
  const row = await trx
    .selectFrom("lift_referrals")
    .select(["meeting_id", "discipline", "core_standards_tried", "question", "agreement_signed_by", "agreement_signed_on"])
    .where("id", "=", referralId)
    .executeTakeFirstOrThrow();
  const document = await trx
    .selectFrom("lift_referral_documents")
    .select("id")
    .where("lift_referral_id", "=", referralId)
    .where("kind", "=", "agreement_to_engage")
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  return referralProblems({
    meetingId: row.meeting_id,
    discipline: row.discipline,
    coreStandardsTried: row.core_standards_tried,
    question: row.question,
    agreementSignedBy: row.agreement_signed_by,
    agreementSignedOn: row.agreement_signed_on,
    agreementDocument: Boolean(document),
  });
}

/**
 * Saves a draft (SENCO): every answer posted that can be stored, even when another cannot (that one keeps its
 * saved value and is reported in `notSaved`, the typed text kept on the page). A meeting must be one the school
 * may refer to now; the discipline one of the list. A form sent against an old version is refused, unless the
 * draft already holds exactly what it sends.
 */
export async function saveReferralDraft(
  db: DB,
  actor: Actor,
  reference: string,
  input: ReferralDraftFields & { posted: Set<string> },
  requestId: string,
): Promise<Result<ReferralSaved>> {
  requirePermission(actor, "lift:refer");
  const { patch, errors } = readReferralDraft(input, input.posted);
  const notSaved = { ...errors };
  return db.transaction().execute(async (trx): Promise<Result<ReferralSaved>> => {
    const claimed = await claimCase(trx, actor, REFERRAL_STORE, reference, input.version, REFERRAL_WORKFLOW.steps.saveDraft.from);
    if (!claimed.ok && !claimed.stale) return claimed.refusal;
    const row = await trx
      .selectFrom("lift_referrals")
      .innerJoin("schools", "schools.id", "lift_referrals.school_id")
      .select(["lift_referrals.id", "lift_referrals.version", "lift_referrals.school_id", "schools.name as school_name", "meeting_id", "discipline", "core_standards_tried", "question", "agreement_signed_by", "agreement_signed_on"])
      .where("lift_referrals.id", "=", claimed.row.id)
      .executeTakeFirstOrThrow();
    if (!claimed.ok) {
      const answer = await answerOldVersion(trx, actor, { submitted: patch, recorded: row, labels: LABELS, ...(await REFERRAL_STORE.lastChange(trx, claimed.row)) });
      if (!answer.ok) return answer;
      return { ok: true, version: row.version, notSaved, problems: await problemsNow(trx, row.id) };
    }
    if (patch.meeting_id != null && patch.meeting_id !== row.meeting_id) {
      const problem = await meetingProblem(trx, { meetingId: patch.meeting_id, schoolId: row.school_id, schoolName: row.school_name, referralId: row.id });
      if (problem) {
        notSaved.meetingId = [problem.message];
        delete patch.meeting_id;
      }
    }
    if (patch.discipline != null && !(await isDiscipline(trx, patch.discipline))) {
      notSaved.discipline = ["Select a discipline from the list"];
      delete patch.discipline;
    }
    const fields = Object.keys(patch);
    if (fields.length > 0) await REFERRAL_STORE.save(trx, claimed.row, patch as Record<string, unknown>);
    await recordAudit(trx, {
      actor,
      action: "lift_referral.update",
      subjectType: "lift_referral",
      subjectId: row.id,
      requestId,
      detail: { reference, fields, ...(Object.keys(notSaved).length > 0 ? { notSaved: Object.keys(notSaved) } : {}) },
    });
    return { ok: true, version: fields.length > 0 ? row.version + 1 : row.version, notSaved, problems: await problemsNow(trx, row.id) };
  });
}
