import { formatDate, formatLondonSpan } from "../../components/format.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonDateAndTime } from "../london-time.ts";
import { isExclusionViolation } from "../record.server.ts";
import { type Result, STALE_MESSAGE, refuse } from "../result.ts";
import type { SlotInput } from "./slot.schema.ts";
import type { DB, Trx } from "./visit-store.server.ts";

/**
 * A specialist teacher's slots (ADR 45): publishing one or several weeks of them in one transaction (all or none),
 * and withdrawing an open slot nobody has booked. A teacher's open slots never overlap: the database refuses it
 * (the exclusion constraint stls_slots_no_overlap); the use-case looks first so it can name the slot in the way,
 * and a lost race on the constraint is answered with the same message.
 */

/** "12 January 2027 from 10:00 to 11:00": a slot's London day and times. */
export function slotWhen(slot: { starts_at: Date | string; ends_at: Date | string }): string {
  const start = londonDateAndTime(slot.starts_at);
  const end = londonDateAndTime(slot.ends_at);
  return `${formatDate(start.date)} from ${start.time} to ${end.time}`;
}

/** "12 January 2027, 10:00am to 11:00am" in the portal's 12-hour style, for lists. */
export function slotTimes(slot: { starts_at: Date | string; ends_at: Date | string }): string {
  return formatLondonSpan(slot.starts_at, slot.ends_at);
}

type Times = { startsAt: Date; endsAt: Date }[];

/** The teacher's first open slot overlapping any of `times`. */
async function firstClash(db: DB | Trx, teacherId: number, times: Times) {
  return db
    .selectFrom("stls_slots")
    .select(["id", "starts_at", "ends_at", "kind", "place", "topic"])
    .where("teacher_user_id", "=", teacherId)
    .where("status", "=", "open")
    .where((eb) => eb.or(times.map((t) => eb.and([eb("starts_at", "<", t.endsAt), eb("ends_at", ">", t.startsAt)]))))
    .orderBy("starts_at")
    .limit(1)
    .executeTakeFirst();
}

const clashMessage = (slot: { starts_at: Date | string; ends_at: Date | string }) =>
  `You already have a slot on ${slotWhen(slot)}. Choose a time that does not overlap it, or withdraw that slot first.`;

/** Whether the teacher's open slots at exactly these times are this form's (a resend): same kind, place and topic. */
async function alreadyPublished(db: DB | Trx, teacherId: number, input: SlotInput): Promise<number[] | null> {
  const rows = await db
    .selectFrom("stls_slots")
    .select(["id", "starts_at", "ends_at"])
    .where("teacher_user_id", "=", teacherId)
    .where("status", "=", "open")
    .where("kind", "=", input.kind)
    .where("place", "=", input.place)
    .where((eb) => (input.topic === null ? eb("topic", "is", null) : eb("topic", "=", input.topic)))
    .where("starts_at", "in", input.times.map((t) => t.startsAt))
    .execute();
  const same = input.times.map((t) => rows.find((r) => +new Date(r.starts_at) === +t.startsAt && +new Date(r.ends_at) === +t.endsAt));
  return same.every(Boolean) ? same.map((r) => r!.id) : null;
}

export async function publishSlots(db: DB, actor: Actor, input: SlotInput, requestId: string, now = new Date()): Promise<Result<{ slotIds: number[]; again: boolean }>> {
  requirePermission(actor, "stls:visits");
  const districtId = actor.districtId;
  if (districtId === null) notFound();
  const first = input.times[0]!;
  if (first.startsAt <= now) return refuse("date", `The slot must start in the future: ${slotWhen({ starts_at: first.startsAt, ends_at: first.endsAt })} has already begun or passed`);
  try {
    return await db.transaction().execute(async (trx): Promise<Result<{ slotIds: number[]; again: boolean }>> => {
      const again = await alreadyPublished(trx, actor.userId, input);
      if (again) return { ok: true, slotIds: again, again: true };
      const clash = await firstClash(trx, actor.userId, input.times);
      if (clash) return refuse("date", clashMessage(clash));
      const rows = await trx
        .insertInto("stls_slots")
        .values(
          input.times.map((t) => ({
            teacher_user_id: actor.userId,
            district_id: districtId,
            kind: input.kind,
            starts_at: t.startsAt,
            ends_at: t.endsAt,
            place: input.place,
            topic: input.topic,
          })),
        )
        .returning("id")
        .execute();
      await recordAudit(trx, {
        actor,
        action: "stls_slot.published",
        subjectType: "stls_slot",
        subjectId: rows[0]!.id,
        requestId,
        detail: { slotIds: rows.map((r) => r.id), kind: input.kind, weeks: input.times.length },
      });
      return { ok: true, slotIds: rows.map((r) => r.id), again: false };
    });
  } catch (error) {
    // Another of the teacher's slots committed meanwhile (a second tab): the constraint refused the whole lot.
    if (!isExclusionViolation(error, "stls_slots_no_overlap")) throw error;
    const clash = await firstClash(db, actor.userId, input.times);
    return refuse("date", clash ? clashMessage(clash) : "One of these slots overlaps another of yours. Choose another time.");
  }
}

/** One of the teacher's own slots, with its live booking if any (404 for anyone else's). */
export async function getOwnSlot(db: DB, actor: Actor, slotId: number) {
  requirePermission(actor, "stls:visits");
  const slot = await db
    .selectFrom("stls_slots")
    .select(["id", "kind", "starts_at", "ends_at", "place", "topic", "status", "version"])
    .select((eb) =>
      eb
        .selectFrom("stls_visits")
        .select("stls_visits.id")
        .whereRef("stls_visits.slot_id", "=", "stls_slots.id")
        .where("stls_visits.status", "<>", "cancelled")
        .limit(1)
        .as("visit_id"),
    )
    .where("id", "=", slotId)
    .where("teacher_user_id", "=", actor.userId)
    .executeTakeFirst();
  if (!slot) notFound();
  return slot;
}

export async function withdrawSlot(db: DB, actor: Actor, slotId: number, input: { version: number }, requestId: string): Promise<Result<{ again: boolean }>> {
  requirePermission(actor, "stls:visits");
  return db.transaction().execute(async (trx): Promise<Result<{ again: boolean }>> => {
    const slot = await trx
      .selectFrom("stls_slots")
      .select(["id", "status", "version", "starts_at", "ends_at"])
      .where("id", "=", slotId)
      .where("teacher_user_id", "=", actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!slot) notFound();
    if (slot.status === "withdrawn") return slot.version === input.version + 1 ? { ok: true, again: true } : { ok: false, formError: "This slot has already been withdrawn." };
    if (slot.version !== input.version) return { ok: false, formError: STALE_MESSAGE };
    const live = await trx.selectFrom("stls_visits").select("id").where("slot_id", "=", slotId).where("status", "<>", "cancelled").executeTakeFirst();
    if (live) return { ok: false, formError: `This slot on ${slotWhen(slot)} has a booking, so it cannot be withdrawn: cancel the visit first, giving the school your reason.` };
    await trx.updateTable("stls_slots").set((eb) => ({ status: "withdrawn", version: eb("version", "+", 1) })).where("id", "=", slotId).execute();
    await recordAudit(trx, { actor, action: "stls_slot.withdrawn", subjectType: "stls_slot", subjectId: slotId, requestId, detail: { from: "open", to: "withdrawn" } });
    return { ok: true, again: false };
  });
}
