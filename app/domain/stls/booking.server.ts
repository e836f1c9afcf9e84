import { type ExpressionBuilder, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { liftReferralInReach, ownSchoolId, pupilInReach, stlsSlotInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { notifyUsers } from "../notifications/notify.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { newIdempotencyKey } from "../references.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { type BookableThing, takePlace } from "../workflow/bookable.server.ts";
import { submissionDigest } from "../workflow/resubmission.server.ts";
import type { BookClinicInput, BookVisitInput } from "./booking.schema.ts";
import { slotWhen } from "./slots.server.ts";
import { type DB, type Trx, addVisitEvent } from "./visit-store.server.ts";

/**
 * Booking a specialist's slot (ADR 45). A visit is booked against an involvement (a LIFT outcome allocating a
 * number of visits with a named specialist teacher): under the involvement's lock its live and done visits are
 * counted against the allocation (takePlace, the shared capacity mechanism), then under the slot's lock the slot is checked (the involvement's teacher's,
 * a visit slot, open, to come, free); a drop-in clinic is booked by any school of the district without a
 * referral, under the slot's lock alone. Then the visit, its `booked` event, the audit row and the specialist's
 * notification, in one transaction. The partial unique index stls_visits_one_per_slot is the last guard: its
 * violation gets the same message as the check. The form's one-off key (idempotency_key) answers a double click
 * with the visit the first click made.
 */

const TAKEN = "That slot has just been booked by someone else. Choose another of the free slots below.";
const SLOT_GONE = "That slot is no longer open for booking. Choose another of the free slots below.";

function involvementsInReach(db: DB | Trx, actor: Actor) {
  return db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .where("lift_outcomes.kind", "=", "involvement")
    .where(liftReferralInReach(actor));
}

/** How many of an involvement's visits are booked or done (not cancelled): select it `.as("used")`, or compare it. */
export const usedVisits = (eb: ExpressionBuilder<Database, "lift_outcomes">) =>
  eb
    .selectFrom("stls_visits")
    .select(eb.fn.countAll<string>().as("n"))
    .whereRef("stls_visits.involvement_id", "=", "lift_outcomes.id")
    .where("stls_visits.status", "<>", "cancelled");

/** Whether a slot has no live (not cancelled) booking. */
const noLiveVisit = (eb: ExpressionBuilder<Database, "stls_slots">) =>
  eb.not(eb.exists(eb.selectFrom("stls_visits").select("stls_visits.id").whereRef("stls_visits.slot_id", "=", "stls_slots.id").where("stls_visits.status", "<>", "cancelled")));

/** The open slots to come of a kind (of one specialist, if given) that nobody has booked, in the actor's reach: the first `limit` (60). */
export async function freeSlots(db: DB | Trx, actor: Actor, filter: { teacherId?: number; kind: "visit" | "clinic"; limit?: number }, now: Date) {
  let query = db
    .selectFrom("stls_slots")
    .innerJoin("users", "users.id", "stls_slots.teacher_user_id")
    .select(["stls_slots.id", "stls_slots.starts_at", "stls_slots.ends_at", "stls_slots.place", "stls_slots.topic", "users.display_name as teacher"])
    .where("stls_slots.kind", "=", filter.kind)
    .where("stls_slots.status", "=", "open")
    .where("stls_slots.starts_at", ">", now)
    .where(stlsSlotInReach(actor))
    .where(noLiveVisit);
  if (filter.teacherId !== undefined) query = query.where("stls_slots.teacher_user_id", "=", filter.teacherId);
  return query
    .orderBy("stls_slots.starts_at")
    .orderBy("stls_slots.id")
    .limit(filter.limit ?? 60)
    .execute();
}

/** The booking page of an involvement: who it is for, what is left of its allocation, the teacher's free slots. */
export async function involvementForBooking(db: DB, actor: Actor, involvementId: number, now = new Date()) {
  requirePermission(actor, "stls:book");
  const involvement = await involvementsInReach(db, actor)
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("users", "users.id", "lift_outcomes.specialist_user_id")
    .select([
      "lift_outcomes.id",
      "lift_outcomes.visits_allocated",
      "lift_outcomes.specialist_user_id",
      "lift_referrals.reference",
      "pupils.first_name",
      "pupils.last_name",
      "users.display_name as specialist",
    ])
    .select((eb) => usedVisits(eb).as("used"))
    .where("lift_outcomes.id", "=", involvementId)
    .executeTakeFirst();
  if (!involvement) notFound();
  const slots = await freeSlots(db, actor, { teacherId: involvement.specialist_user_id!, kind: "visit" }, now);
  const used = Number(involvement.used ?? 0);
  return {
    involvement: {
      id: involvement.id,
      reference: involvement.reference,
      pupil: `${involvement.first_name} ${involvement.last_name}`,
      specialist: involvement.specialist,
      allocated: involvement.visits_allocated!,
      used,
    },
    slots,
    idempotencyKey: newIdempotencyKey(),
  };
}

/** A clinic slot's booking page: the slot, whether it is still free (asked of the slot itself, not looked for among the first free ones), the school's pupils to name (optional). */
export async function clinicForBooking(db: DB, actor: Actor, slotId: number, now = new Date()) {
  requirePermission(actor, "stls:book");
  const slot = await db
    .selectFrom("stls_slots")
    .innerJoin("users", "users.id", "stls_slots.teacher_user_id")
    .select(["stls_slots.id", "stls_slots.starts_at", "stls_slots.ends_at", "stls_slots.place", "stls_slots.topic", "stls_slots.status", "users.display_name as teacher"])
    .select((eb) => eb.and([eb("stls_slots.status", "=", "open"), eb("stls_slots.starts_at", ">", now), noLiveVisit(eb)]).as("free"))
    .where("stls_slots.id", "=", slotId)
    .where("stls_slots.kind", "=", "clinic")
    .where(stlsSlotInReach(actor))
    .executeTakeFirst();
  if (!slot) notFound();
  const free = await freeSlots(db, actor, { kind: "clinic" }, now);
  const pupils = await db
    .selectFrom("pupils")
    .select(["id", "first_name", "last_name"])
    .where(pupilInReach(actor))
    .where("date_left", "is", null)
    .orderBy("last_name")
    .orderBy("first_name")
    .limit(2000)
    .execute();
  return {
    slot: { ...slot, free: slot.free === true },
    otherFree: free.filter((s) => s.id !== slot.id).slice(0, 20),
    pupils: pupils.map((p) => ({ value: String(p.id), label: `${p.last_name}, ${p.first_name}` })),
    idempotencyKey: newIdempotencyKey(),
  };
}

type Booked = Result<{ visitId: number; again: boolean }>;

/** An involvement's allocated visits as a bookable thing: its live (not cancelled) visits hold its places. */
const INVOLVEMENT_VISITS: BookableThing = {
  table: "lift_outcomes",
  capacityColumn: "visits_allocated",
  bookings: { table: "stls_visits", thingColumn: "involvement_id", holdsPlace: sql<boolean>`status <> 'cancelled'` },
};

/** The visit this form already made (a double click): its key is unique. */
async function earlierBooking(db: DB | Trx, actor: Actor, key: string) {
  return db.selectFrom("stls_visits").select(["id", "booked_by"]).where("idempotency_key", "=", key).where("booked_by", "=", actor.userId).executeTakeFirst();
}

/** Locks the slot, if it is in the actor's reach. */
async function lockSlot(trx: Trx, actor: Actor, slotId: number) {
  return trx
    .selectFrom("stls_slots")
    .select(["id", "teacher_user_id", "kind", "status", "starts_at", "ends_at", "place"])
    .where("id", "=", slotId)
    .where(stlsSlotInReach(actor))
    .forUpdate()
    .executeTakeFirst();
}

type LockedSlot = NonNullable<Awaited<ReturnType<typeof lockSlot>>>;

/** Why the locked slot cannot be taken now (withdrawn, begun or passed, booked meanwhile), or null if it can. */
async function whyNotFree(trx: Trx, slot: LockedSlot, now: Date): Promise<Refusal | null> {
  if (slot.status !== "open") return { ok: false, formError: SLOT_GONE };
  if (new Date(slot.starts_at) <= now) return { ok: false, formError: `The slot on ${slotWhen(slot)} has already begun or passed, so it cannot be booked. Choose one of the free slots below.` };
  const live = await trx.selectFrom("stls_visits").select("id").where("slot_id", "=", slot.id).where("status", "<>", "cancelled").executeTakeFirst();
  return live ? { ok: false, formError: TAKEN } : null;
}

/** Locks the slot and checks it is one of the teacher's visit slots that can be taken now; a refusal otherwise. */
async function lockFreeVisitSlot(trx: Trx, actor: Actor, slotId: number, teacherId: number, now: Date): Promise<{ slot: LockedSlot } | { refusal: Refusal }> {
  const slot = await lockSlot(trx, actor, slotId);
  if (!slot || slot.kind !== "visit" || slot.teacher_user_id !== teacherId) return { refusal: refuse("slotId", "Choose one of the free slots below") };
  const refusal = await whyNotFree(trx, slot, now);
  return refusal ? { refusal } : { slot };
}

/** After a rolled-back booking: the index's refusal as the check's, or the visit the same form made meanwhile. */
async function afterViolation(db: DB, actor: Actor, key: string, error: unknown): Promise<Booked> {
  if (isUniqueViolation(error, "stls_visits_idempotency_key_key")) {
    const earlier = await earlierBooking(db, actor, key);
    if (earlier) return { ok: true, visitId: earlier.id, again: true };
  }
  if (isUniqueViolation(error, "stls_visits_one_per_slot")) return { ok: false, formError: TAKEN };
  throw error;
}

export async function bookVisit(db: DB, actor: Actor, involvementId: number, input: BookVisitInput, requestId: string, now = new Date()): Promise<Booked> {
  requirePermission(actor, "stls:book");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const digest = submissionDigest({ step: "stls_visit.book", involvementId, key: input.idempotencyKey });
  try {
    return await db.transaction().execute(async (trx): Promise<Booked> => {
      const involvement = await involvementsInReach(trx, actor)
        .select(["lift_outcomes.id", "lift_outcomes.visits_allocated", "lift_outcomes.specialist_user_id", "lift_referrals.pupil_id", "lift_referrals.school_id", "lift_referrals.reference"])
        .where("lift_outcomes.id", "=", involvementId)
        .forUpdate("lift_outcomes")
        .executeTakeFirst();
      if (!involvement || involvement.school_id !== schoolId) notFound();
      const earlier = await earlierBooking(trx, actor, input.idempotencyKey);
      if (earlier) return { ok: true, visitId: earlier.id, again: true };
      // The allocation through the shared capacity mechanism: it locks the involvement again (already held, so
      // the lock order stays involvement then slot), counts its live visits and books only if one is left.
      const place = await takePlace(trx, INVOLVEMENT_VISITS, involvementId, async (t): Promise<Booked> => {
        const taken = await lockFreeVisitSlot(t, actor, input.slotId, involvement.specialist_user_id!, now);
        if ("refusal" in taken) return taken.refusal;
        const visit = await t
          .insertInto("stls_visits")
          .values({ slot_id: taken.slot.id, school_id: schoolId, involvement_id: involvementId, pupil_id: involvement.pupil_id, booked_by: actor.userId, idempotency_key: input.idempotencyKey })
          .returning("id")
          .executeTakeFirstOrThrow();
        await addVisitEvent(t, actor, visit.id, { action: "booked", from: null, to: "booked", digest });
        await recordAudit(t, { actor, action: "stls_visit.booked", subjectType: "stls_visit", subjectId: visit.id, requestId, detail: { slotId: taken.slot.id, involvementId, to: "booked" } });
        await notifyUsers(t, [taken.slot.teacher_user_id], {
          subject: `Visit booked: ${involvement.reference}, ${slotWhen(taken.slot)}`,
          message: `A school has booked your visit slot on ${slotWhen(taken.slot)} for LIFT referral ${involvement.reference}.`,
          link: `/stls/visits/${visit.id}`,
        });
        return { ok: true, visitId: visit.id, again: false };
      });
      if (place.ok) return place.value;
      if (place.reason === "missing") notFound();
      const allocated = involvement.visits_allocated!;
      return { ok: false, formError: `${allocated === 1 ? "The 1 visit" : `All ${allocated} visits`} allocated ${allocated === 1 ? "has" : "have"} been booked. To book another, cancel one that is still to come.` };
    });
  } catch (error) {
    return afterViolation(db, actor, input.idempotencyKey, error);
  }
}

export async function bookClinic(db: DB, actor: Actor, slotId: number, input: BookClinicInput, requestId: string, now = new Date()): Promise<Booked> {
  requirePermission(actor, "stls:book");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const digest = submissionDigest({ step: "stls_visit.book_clinic", slotId, key: input.idempotencyKey });
  try {
    return await db.transaction().execute(async (trx): Promise<Booked> => {
      // The slot's lock first, once: the same form sent twice at once finds, under it, the booking the first made.
      const slot = await lockSlot(trx, actor, slotId);
      if (!slot || slot.kind !== "clinic") notFound();
      const earlier = await earlierBooking(trx, actor, input.idempotencyKey);
      if (earlier) return { ok: true, visitId: earlier.id, again: true };
      if (input.pupilId !== null) {
        const pupil = await trx.selectFrom("pupils").select("id").where("id", "=", input.pupilId).where(pupilInReach(actor)).where("date_left", "is", null).executeTakeFirst();
        if (!pupil) return refuse("pupilId", "Choose a pupil from your register, or none");
      }
      const refusal = await whyNotFree(trx, slot, now);
      if (refusal) return refusal;
      const visit = await trx
        .insertInto("stls_visits")
        .values({ slot_id: slotId, school_id: schoolId, pupil_id: input.pupilId, topic: input.topic, booked_by: actor.userId, idempotency_key: input.idempotencyKey })
        .returning("id")
        .executeTakeFirstOrThrow();
      await addVisitEvent(trx, actor, visit.id, { action: "booked", from: null, to: "booked", digest });
      await recordAudit(trx, { actor, action: "stls_visit.booked", subjectType: "stls_visit", subjectId: visit.id, requestId, detail: { slotId, clinic: true, to: "booked" } });
      await notifyUsers(trx, [slot.teacher_user_id], {
        subject: `Drop-in clinic booked: ${slotWhen(slot)}`,
        message: `A school has booked your drop-in clinic slot on ${slotWhen(slot)}.`,
        link: `/stls/visits/${visit.id}`,
      });
      return { ok: true, visitId: visit.id, again: false };
    });
  } catch (error) {
    return afterViolation(db, actor, input.idempotencyKey, error);
  }
}
