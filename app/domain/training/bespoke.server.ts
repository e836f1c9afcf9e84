import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { newIdempotencyKey, nextReference } from "../references.server.ts";
import { notifyUsers } from "../notifications/notify.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Refusal, type Result, STALE_MESSAGE, refuse } from "../result.ts";
import { type StepResult, takeStep, wrongState } from "../workflow/engine.server.ts";
import { londonInstant } from "../london-time.ts";
import type { BespokeDecisionInput, BespokeRequestInput } from "./bespoke.schema.ts";
import { BESPOKE_STORE, type DB, type LockedBespoke, type Trx, addBespokeEvent } from "./bespoke-store.server.ts";
import { getBespoke } from "./bespoke-queries.server.ts";

/**
 * Bespoke training's use-cases (issue 9): a school asks, may withdraw while it waits, and an officer accepts
 * (making the school's private event in the same transaction) or declines with a reason. Every step runs on the
 * workflow engine: locked under the actor's reach, version-checked, a resent form counted once, audited, and the
 * people told in the same transaction. Notices name the school and the topic, never a child.
 */

export { newIdempotencyKey };

/** The need areas a request may name: the four broad areas courses are offered under. */
export async function needAreaOptions(db: DB) {
  return db.selectFrom("need_areas").select(["name", "short_name"]).where("course_area", "=", true).orderBy("sort_order").execute();
}

async function findByKey(db: DB, actor: Actor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("training_bespoke_requests").select(["reference", "created_by"]).where("idempotency_key", "=", key).executeTakeFirst();
  if (!row) return undefined;
  if (row.created_by !== actor.userId) notFound();
  return row.reference;
}

/**
 * The school asks (SENCO or headteacher). The form's one-off key makes a resend (a double click, a form sent
 * again) find the request the first one made. The officers of the school's area are told.
 */
export async function requestBespokeTraining(db: DB, actor: Actor, input: BespokeRequestInput, requestId: string): Promise<Result<{ reference: string }>> {
  requirePermission(actor, "training:bespoke");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const existing = await findByKey(db, actor, input.idempotencyKey);
  if (existing) return { ok: true, reference: existing };
  const area = await db.selectFrom("need_areas").select("name").where("name", "=", input.needArea).where("course_area", "=", true).executeTakeFirst();
  if (!area) return refuse("needArea", "Select the area of need");
  if (input.preferredFrom < londonToday()) return refuse("preferredFrom", "The earliest date must be today or in the future");
  try {
    return await db.transaction().execute(async (trx) => {
      const reference = await nextReference(trx, "TRN");
      const row = await trx
        .insertInto("training_bespoke_requests")
        .values({
          reference,
          school_id: schoolId,
          topic: input.topic,
          need_area: area.name,
          preferred_from: input.preferredFrom,
          preferred_to: input.preferredTo,
          preferred_note: input.preferredNote || null,
          staff_count: input.staffCount,
          outcomes: input.outcomes,
          status: "submitted",
          created_by: actor.userId,
          idempotency_key: input.idempotencyKey,
        })
        .returning(["id", "reference", "status", "version", "school_id", "created_by", "topic", "need_area"])
        .executeTakeFirstOrThrow();
      await addBespokeEvent(trx, actor, row.id, { action: "submitted", from: null, to: "submitted" });
      await recordAudit(trx, {
        actor,
        action: "training_bespoke_request.submitted",
        subjectType: "training_bespoke_request",
        subjectId: row.id,
        requestId,
        detail: { reference },
      });
      const locked = { ...row, status: "submitted" as const };
      const school = await schoolName(trx, schoolId);
      await notifyUsers(trx, await BESPOKE_STORE.audience(trx, locked, "officers"), {
        subject: `Bespoke training asked for: ${reference}`,
        message: `${school} has asked for whole-school training on "${input.topic}" (${reference}).`,
        link: `/training/bespoke/${reference}`,
      });
      return { ok: true as const, reference };
    });
  } catch (error) {
    // The same form sent twice at once: the one-off key lets one insert win; the other finds it.
    if (isUniqueViolation(error, "training_bespoke_requests_idempotency_key_key")) {
      const reference = await findByKey(db, actor, input.idempotencyKey);
      if (reference) return { ok: true, reference };
    }
    throw error;
  }
}

async function schoolName(db: DB, schoolId: number): Promise<string> {
  return (await db.selectFrom("schools").select("name").where("id", "=", schoolId).executeTakeFirstOrThrow()).name;
}

/** The school withdraws its request while the council has not decided it; the officers are told. */
export function withdrawBespoke(db: DB, actor: Actor, reference: string, input: { version: number; comment: string }, requestId: string): Promise<StepResult> {
  return takeStep(db, actor, BESPOKE_STORE, "withdraw", { key: reference, version: input.version, comment: input.comment }, requestId, async (trx, row) => ({
    notice: {
      subject: `Bespoke training request withdrawn: ${row.reference}`,
      message: `${await schoolName(trx, row.school_id)} has withdrawn its request for training on "${row.topic}" (${row.reference}).`,
      link: `/training/bespoke/${row.reference}`,
    },
  }));
}

/** The fields of a decision the digest keeps: a resend of the same decision is counted once. */
function decisionFields(input: BespokeDecisionInput) {
  const { intent: _intent, version: _version, ...fields } = input;
  return input.outcome === "decline" ? { outcome: fields.outcome, reason: fields.reason } : { ...fields, reason: undefined };
}

/** The programme a course first named when accepting a bespoke request goes under. */
export const BESPOKE_PROGRAMME = "Bespoke whole-school training";

interface Acceptance {
  ok: true;
  /** The catalogue's course, or a new one (id null) to be made under the bespoke programme. */
  course: { id: number | null; title: string; programme: string };
  startsAt: Date;
  endsAt: Date;
  places: number;
}

/** What an acceptance will make, read and checked without writing: the check page shows it, the step makes it. */
export async function readAcceptance(db: DB | Trx, input: BespokeDecisionInput): Promise<Refusal | Acceptance> {
  const course = input.courseId
    ? await db
        .selectFrom("training_courses")
        .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
        .select(["training_courses.id", "training_courses.title", "training_programmes.name as programme"])
        .where("training_courses.id", "=", Number(input.courseId))
        .where("training_courses.active", "=", true)
        .executeTakeFirst()
    : { id: null, title: input.newCourseTitle, programme: BESPOKE_PROGRAMME };
  if (!course) return refuse("courseId", "Select the course");
  if (!input.date || input.date < londonToday()) return refuse("date", "The date of the training must be today or in the future");
  const startsAt = londonInstant(input.date, input.startTime);
  const endsAt = londonInstant(input.date, input.endTime);
  if (startsAt.getTime() <= Date.now()) return refuse("startTime", "The start time must be in the future");
  return { ok: true, course, startsAt, endsAt, places: Number(input.places) };
}

/** The course an acceptance names: the catalogue's, or a new one under the bespoke programme, about the request's need. */
async function courseFor(trx: Trx, course: Acceptance["course"], needArea: string): Promise<number> {
  if (course.id !== null) return course.id;
  const programme =
    (await trx.selectFrom("training_programmes").select("id").where("name", "=", BESPOKE_PROGRAMME).executeTakeFirst()) ??
    (await trx
      .insertInto("training_programmes")
      .values({ name: BESPOKE_PROGRAMME, provider: "Kent County Council", description: "Training arranged for one school at its request.", sort_order: 90 })
      .returning("id")
      .executeTakeFirstOrThrow());
  const existing = await trx
    .selectFrom("training_courses")
    .select("id")
    .where("programme_id", "=", programme.id)
    .where("title", "=", course.title)
    .executeTakeFirst();
  if (existing) return existing.id;
  const made = await trx
    .insertInto("training_courses")
    .values({ programme_id: programme.id, title: course.title, audience: "All staff of the school that asked for it" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.insertInto("training_course_need_areas").values({ course_id: made.id, need_area: needArea }).execute();
  return made.id;
}

/**
 * The officer's decision. Accepting makes the school's private event (published, for that school only: the
 * training scopes show it to nobody else) in the same transaction, and links it to the request; declining keeps
 * the reason. The school's SENCOs and headteachers are told either way.
 */
export function decideBespoke(db: DB, actor: Actor, reference: string, input: BespokeDecisionInput, requestId: string): Promise<StepResult> {
  const step = input.outcome === "accept" ? "accept" : "decline";
  const fields = decisionFields(input);
  const comment = input.outcome === "decline" ? input.reason : null;
  return takeStep(db, actor, BESPOKE_STORE, step, { key: reference, version: input.version, comment, fields }, requestId, async (trx, row: LockedBespoke) => {
    const link = `/training/bespoke/${row.reference}`;
    if (step === "decline") {
      return {
        set: { decision_reason: input.reason, decided_by: actor.userId, decided_at: new Date() },
        notice: {
          subject: `Bespoke training request declined: ${row.reference}`,
          message: `The council has declined your school's request for training on "${row.topic}" (${row.reference}). The reason is on the request's page.`,
          link,
        },
      };
    }
    const accepted = await readAcceptance(trx, input);
    if (!accepted.ok) return accepted;
    const school = await trx.selectFrom("schools").select("district_id").where("id", "=", row.school_id).executeTakeFirstOrThrow();
    const courseId = await courseFor(trx, accepted.course, row.need_area);
    const hours = Math.round(((accepted.endsAt.getTime() - accepted.startsAt.getTime()) / 3_600_000) * 100) / 100;
    const event = await trx
      .insertInto("training_events")
      .values({
        course_id: courseId,
        status: "published",
        starts_at: accepted.startsAt,
        ends_at: accepted.endsAt,
        venue: input.venue || null,
        district_id: input.venue ? school.district_id : null,
        online_url: input.onlineUrl || null,
        places: accepted.places,
        // The school's own event: its staff book until it starts.
        booking_closes_at: accepted.startsAt,
        cancellation_closes_at: accepted.startsAt,
        cost_pence: 0,
        hours,
        presenter_name: input.presenterName,
        private_school_id: row.school_id,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("training_event_events")
      .values({
        training_event_id: event.id,
        actor_user_id: actor.userId,
        actor_role: actor.role,
        action: "published",
        from_status: null,
        to_status: "published",
        comment: `Bespoke training for ${row.reference}`,
      })
      .execute();
    await recordAudit(trx, {
      actor,
      action: "training_event.published",
      subjectType: "training_event",
      subjectId: event.id,
      requestId,
      detail: { bespoke: row.reference, private: true },
    });
    return {
      set: { event_id: event.id, decided_by: actor.userId, decided_at: new Date() },
      notice: {
        subject: `Bespoke training accepted: ${row.reference}`,
        message:
          `The council has accepted your school's request for training on "${row.topic}" (${row.reference}). ` +
          "The date and place are on the request's page; your staff can now be booked onto it.",
        link,
      },
    };
  });
}

export interface BespokeDecisionCheck {
  outcome: "accept" | "decline";
  reason: string | null;
  course: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  places: number | null;
}

/**
 * The check page of a decision: what will be recorded, read by the same rules as the step, recording nothing. A
 * request no longer waiting, or changed since the form was drawn, is refused here already.
 */
export async function checkBespokeDecision(
  db: DB,
  actor: Actor,
  reference: string,
  input: BespokeDecisionInput,
): Promise<Result<{ check: BespokeDecisionCheck }>> {
  requirePermission(actor, "training:manage");
  const row = await db.transaction().execute((trx) => BESPOKE_STORE.lock(trx, actor, reference));
  if (!row) notFound();
  if (row.status !== "submitted") return wrongState(BESPOKE_STORE.noun, BESPOKE_STORE.stateLabel(row.status));
  if (row.version !== input.version) return { ok: false, formError: STALE_MESSAGE };
  if (input.outcome === "decline") {
    return { ok: true, check: { outcome: "decline", reason: input.reason, course: null, startsAt: null, endsAt: null, places: null } };
  }
  const accepted = await readAcceptance(db, input);
  if (!accepted.ok) return accepted;
  return {
    ok: true,
    check: {
      outcome: "accept",
      reason: null,
      course: `${accepted.course.title} (${accepted.course.programme})`,
      startsAt: accepted.startsAt,
      endsAt: accepted.endsAt,
      places: accepted.places,
    },
  };
}

/** The decision form's request: only one waiting for the council; otherwise undefined (the page says where it is). */
export async function decisionFormOf(db: DB, actor: Actor, reference: string) {
  requirePermission(actor, "training:manage");
  return getBespoke(db, actor, reference);
}
