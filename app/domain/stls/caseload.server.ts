import { sql } from "kysely";
import { type Actor, can, requirePermission } from "../access/access.server.ts";
import { liftReferralInReach, reachOf, stlsSlotInReach, stlsVisitInReach } from "../access/scopes.server.ts";
import { freeSlots, usedVisits } from "./booking.server.ts";
import type { DB } from "./visit-store.server.ts";

/**
 * The /stls page (ADR 45), by who is looking:
 * - an STLS teacher: their caseload (the pupils allocated to them by involvement outcomes of their district's
 *   referrals, with visits allocated, booked and done), their visits to come, the notes still to write (visits
 *   begun without one), and their published slots to come;
 * - a school's staff: the school's involvements with visits left to book, its visits to come, its past visits with
 *   their notes, and the district's drop-in clinics with free slots;
 * - the council: slots per district as figures only (no pupil, no school).
 * Each list is limited: a page stays small.
 */

const LIMIT = 50;

const live = sql<boolean>`stls_visits.status <> 'cancelled'`;

function visitRows(db: DB, actor: Actor) {
  return db
    .selectFrom("stls_visits")
    .innerJoin("stls_slots", "stls_slots.id", "stls_visits.slot_id")
    .innerJoin("schools", "schools.id", "stls_visits.school_id")
    .leftJoin("lift_outcomes", "lift_outcomes.id", "stls_visits.involvement_id")
    .leftJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .select([
      "stls_visits.id",
      "stls_visits.status",
      "stls_visits.outcome_note",
      "stls_slots.kind",
      "stls_slots.starts_at",
      "stls_slots.ends_at",
      "stls_slots.place",
      "schools.name as school",
      "lift_referrals.reference",
    ])
    .where(stlsVisitInReach(actor));
}

async function teacherView(db: DB, actor: Actor, now: Date) {
  const caseload = await db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .select(["lift_outcomes.id", "lift_outcomes.visits_allocated", "lift_referrals.reference", "pupils.first_name", "pupils.last_name", "schools.name as school"])
    .select((eb) => [
      eb.selectFrom("stls_visits").select(eb.fn.countAll<string>().as("n")).whereRef("stls_visits.involvement_id", "=", "lift_outcomes.id").where("stls_visits.status", "=", "booked").as("booked"),
      eb.selectFrom("stls_visits").select(eb.fn.countAll<string>().as("n")).whereRef("stls_visits.involvement_id", "=", "lift_outcomes.id").where("stls_visits.status", "=", "done").as("done"),
    ])
    .where("lift_outcomes.kind", "=", "involvement")
    .where("lift_outcomes.specialist_user_id", "=", actor.userId)
    .where(liftReferralInReach(actor))
    .orderBy("lift_outcomes.recorded_at", "desc")
    .orderBy("lift_outcomes.id", "desc")
    .limit(LIMIT)
    .execute();
  const mine = visitRows(db, actor).where("stls_slots.teacher_user_id", "=", actor.userId).where("stls_visits.status", "=", "booked");
  const toCome = await mine.where("stls_slots.starts_at", ">", now).orderBy("stls_slots.starts_at").limit(LIMIT).execute();
  const notesToWrite = await mine.where("stls_slots.ends_at", "<=", now).orderBy("stls_slots.starts_at").limit(LIMIT).execute();
  const slots = await db
    .selectFrom("stls_slots")
    .select(["stls_slots.id", "stls_slots.kind", "stls_slots.starts_at", "stls_slots.ends_at", "stls_slots.place", "stls_slots.topic"])
    .select((eb) => eb.selectFrom("stls_visits").select("stls_visits.id").whereRef("stls_visits.slot_id", "=", "stls_slots.id").where(live).limit(1).as("visit_id"))
    .where("stls_slots.teacher_user_id", "=", actor.userId)
    .where("stls_slots.status", "=", "open")
    .where("stls_slots.ends_at", ">", now)
    .orderBy("stls_slots.starts_at")
    .limit(LIMIT)
    .execute();
  return {
    view: "teacher" as const,
    caseload: caseload.map((c) => ({
      id: c.id,
      pupil: `${c.first_name} ${c.last_name}`,
      school: c.school,
      reference: c.reference,
      allocated: c.visits_allocated!,
      booked: Number(c.booked ?? 0),
      done: Number(c.done ?? 0),
    })),
    toCome,
    notesToWrite,
    slots,
  };
}

async function schoolView(db: DB, actor: Actor, now: Date) {
  const involvements = await db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("users", "users.id", "lift_outcomes.specialist_user_id")
    .select(["lift_outcomes.id", "lift_outcomes.visits_allocated", "lift_referrals.reference", "pupils.first_name", "pupils.last_name", "users.display_name as specialist"])
    .select((eb) => usedVisits(eb).as("used"))
    .where("lift_outcomes.kind", "=", "involvement")
    .where(liftReferralInReach(actor))
    // Visits left to book, asked before the limit: a page of fully booked involvements hides none that has some.
    .where((eb) => sql<boolean>`(${usedVisits(eb)}) < ${eb.ref("lift_outcomes.visits_allocated")}`)
    .orderBy("lift_outcomes.recorded_at", "desc")
    .orderBy("lift_outcomes.id", "desc")
    .limit(LIMIT)
    .execute();
  const toBook = involvements.map((i) => ({ id: i.id, reference: i.reference, pupil: `${i.first_name} ${i.last_name}`, specialist: i.specialist, allocated: i.visits_allocated!, used: Number(i.used ?? 0) }));
  const toCome = await visitRows(db, actor).where("stls_visits.status", "=", "booked").where("stls_slots.starts_at", ">", now).orderBy("stls_slots.starts_at").limit(LIMIT).execute();
  const past = await visitRows(db, actor).where("stls_visits.status", "<>", "cancelled").where("stls_slots.starts_at", "<=", now).orderBy("stls_slots.starts_at", "desc").limit(LIMIT).execute();
  const clinics = await freeSlots(db, actor, { kind: "clinic", limit: LIMIT }, now);
  return { view: "school" as const, canBook: can(actor, "stls:book"), toBook, toCome, past, clinics };
}

async function figuresView(db: DB, actor: Actor, now: Date) {
  const rows = await db
    .selectFrom("stls_slots")
    .innerJoin("districts", "districts.id", "stls_slots.district_id")
    .leftJoin("stls_visits", (join) => join.onRef("stls_visits.slot_id", "=", "stls_slots.id").on("stls_visits.status", "<>", "cancelled"))
    .select(["districts.id", "districts.name"])
    .select((eb) => [
      eb.fn.count<string>("stls_slots.id").filterWhere(eb.and([eb("stls_slots.starts_at", ">", now), eb("stls_slots.status", "=", "open")])).as("to_come"),
      eb.fn.count<string>("stls_visits.id").filterWhere("stls_slots.starts_at", ">", now).as("booked"),
      eb.fn.count<string>("stls_visits.id").filterWhere("stls_visits.status", "=", "done").as("done"),
      eb.fn
        .count<string>("stls_visits.id")
        .filterWhere(eb.and([eb("stls_visits.status", "=", "booked"), eb("stls_slots.ends_at", "<=", now)]))
        .as("notes_due"),
    ])
    .where(stlsSlotInReach(actor))
    .groupBy(["districts.id", "districts.name"])
    .orderBy("districts.name")
    .execute();
  return {
    view: "figures" as const,
    districts: rows.map((r) => ({ id: r.id, name: r.name, toCome: Number(r.to_come), booked: Number(r.booked), done: Number(r.done), notesDue: Number(r.notes_due) })),
  };
}

export async function stlsOverview(db: DB, actor: Actor, now = new Date()) {
  requirePermission(actor, "stls:view");
  switch (reachOf(actor)) {
    case "own_school":
      return schoolView(db, actor, now);
    case "district":
      return teacherView(db, actor, now);
    default:
      return figuresView(db, actor, now);
  }
}

export type StlsOverview = Awaited<ReturnType<typeof stlsOverview>>;
