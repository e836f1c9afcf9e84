import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { stlsVisitInReach } from "../access/scopes.server.ts";
import { schoolStaffIds } from "../notifications/notify.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";
import { isVisitStatus, VISIT_EVENT_LABELS, VISIT_STATUS_LABELS, VISIT_WORKFLOW, type VisitAudience, type VisitStatus, type VisitStep } from "./visits.workflow.ts";
import { recordIdOf } from "../record.ts";

/**
 * How visits and clinic bookings are stored, for the engine: the visit row by its id under the actor's reach
 * (stlsVisitInReach), with its slot; its timeline (stls_visit_events).
 *
 * Lock order: an involvement (the LIFT outcome whose allocated visits a booking uses) first, then the slot, then the
 * visit. Booking locks the involvement to count its visits and the slot it takes; the one-live-booking-per-slot
 * index and the slots' exclusion constraint hold whatever the code does.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

export const VISIT_TIMELINE = { table: "stls_visit_events", caseColumn: "stls_visit_id" };

async function lockVisit(trx: Trx, actor: Actor, key: string) {
  const id = recordIdOf(key);
  if (id === undefined) return undefined;
  const row = await trx
    .selectFrom("stls_visits")
    .innerJoin("stls_slots", "stls_slots.id", "stls_visits.slot_id")
    .select([
      "stls_visits.id",
      "stls_visits.status",
      "stls_visits.version",
      "stls_visits.school_id",
      "stls_visits.slot_id",
      "stls_visits.involvement_id",
      "stls_visits.pupil_id",
      "stls_slots.teacher_user_id",
      "stls_slots.kind",
      "stls_slots.starts_at",
      "stls_slots.ends_at",
    ])
    .where("stls_visits.id", "=", id)
    .where(stlsVisitInReach(actor))
    .forUpdate("stls_visits")
    .executeTakeFirst();
  if (!row || !isVisitStatus(row.status)) return undefined;
  return { ...row, status: row.status as VisitStatus };
}

export type LockedVisit = NonNullable<Awaited<ReturnType<typeof lockVisit>>>;

export async function addVisitEvent(
  trx: Trx,
  actor: Pick<Actor, "userId" | "role"> | null,
  visitId: number,
  event: { action: string; from: VisitStatus | null; to: VisitStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, VISIT_TIMELINE, visitId, actor, event);
}

export const VISIT_STORE: CaseStore<VisitStatus, VisitStep, VisitAudience, LockedVisit> = {
  workflow: VISIT_WORKFLOW,
  noun: "visit",
  lock: lockVisit,
  stateLabel: (status) => VISIT_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("stls_visits")
      .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => addVisitEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, VISIT_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, VISIT_TIMELINE, row.id, VISIT_EVENT_LABELS),
  audience: async (trx, row, audience) => (audience === "school" ? schoolStaffIds(trx, row.school_id) : [row.teacher_user_id]),
  auditDetail: (row) => ({ slotId: row.slot_id }),
};
