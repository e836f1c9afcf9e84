import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { trainingEventInReach } from "../access/scopes.server.ts";
import { usersWithRole } from "../notifications/notify.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { EVENT_STATUS_LABELS, EVENTS_WORKFLOW, type EventAudience, type EventStatus, type EventStep, isEventStatus } from "./events.workflow.ts";
import { appendToTimeline, timelineHas, lastOnTimeline } from "../workflow/timeline.server.ts";
import { recordIdOf } from "../record.ts";

/**
 * How training events are stored, for the workflow engine (ADR 20, ADR 38): the event's row, locked under the
 * actor's reach (trainingEventInReach); its append-only timeline `training_event_events`; who is told.
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

/** The columns a step reads of the locked event. */
const LOCKED = [
  "training_events.id",
  "training_events.status",
  "training_events.version",
  "training_events.course_id",
  "training_events.starts_at",
  "training_events.ends_at",
  "training_events.venue",
  "training_events.district_id",
  "training_events.online_url",
  "training_events.places",
  "training_events.booking_closes_at",
  "training_events.cancellation_closes_at",
  "training_events.cost_pence",
  "training_events.hours",
  "training_events.presenter_name",
  "training_events.presenter_user_id",
  "training_events.private_school_id",
] as const;

async function lockEvent(trx: Trx, actor: Actor, key: string) {
  const id = recordIdOf(key);
  if (id === undefined) return undefined;
  const row = await trx.selectFrom("training_events")
    .select(LOCKED)
    .where("training_events.id", "=", id)
    .where(trainingEventInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row || !isEventStatus(row.status)) return undefined;
  return { ...row, status: row.status as EventStatus };
}

export type LockedEvent = NonNullable<Awaited<ReturnType<typeof lockEvent>>>;

/** What each step on an event's timeline did, for a stale form's refusal ("it was published by ... on ..."). */
const DID: Record<string, string> = {
  created: "it was added",
  published: "it was published",
  changed: "its details were changed",
  cancelled: "it was cancelled",
};

/** Bookings that hold or wait for a place: the people a change or a cancellation must tell. */
export const LIVE_BOOKINGS = ["booked", "waiting"] as const;

/** The schools with someone booked or waiting on the event, or whose bookings its cancellation freed. */
export async function bookedSchools(db: DB, eventId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("training_bookings")
    .select("school_id")
    .distinct()
    .where("event_id", "=", eventId)
    .where((eb) => eb.or([eb("status", "in", LIVE_BOOKINGS), eb("cancelled_why", "=", "event_cancelled")]))
    .execute();
  return rows.map((r) => r.school_id);
}

/** The SENCOs and headteachers of those schools. */
export async function bookedSchoolsStaff(db: DB, eventId: number): Promise<number[]> {
  const schools = await bookedSchools(db, eventId);
  const staff = await Promise.all(schools.flatMap((school) => [usersWithRole(db, "senco", school), usersWithRole(db, "headteacher", school)]));
  return [...new Set(staff.flat())];
}

const EVENT_TIMELINE = { table: "training_event_events", caseColumn: "training_event_id" };

/** Appends one event to an event's timeline (append-only: a trigger refuses UPDATE and DELETE). */
export async function addEventEvent(
  trx: Trx,
  actor: Actor,
  eventId: number,
  event: { action: string; from: EventStatus | null; to: EventStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, EVENT_TIMELINE, eventId, actor, event);
}

/** Training events for the workflow engine. */
export const EVENT_STORE: CaseStore<EventStatus, EventStep, EventAudience, LockedEvent> = {
  workflow: EVENTS_WORKFLOW,
  noun: "event",
  lock: lockEvent,
  stateLabel: (status) => EVENT_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("training_events")
      .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => addEventEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, EVENT_TIMELINE, row.id, actor.userId, digest),
  async lastChange(trx, row) {
    const last = await lastOnTimeline(trx, EVENT_TIMELINE, row.id);
    if (!last) return { did: `it is now ${EVENT_STATUS_LABELS[row.status].toLowerCase()}` };
    return { did: DID[last.action] ?? "it was changed", changed: { userId: last.actor_user_id, at: last.occurred_at } };
  },
  audience: (trx, row) => bookedSchoolsStaff(trx, row.id),
  auditDetail: (row) => ({ eventId: row.id }),
};
