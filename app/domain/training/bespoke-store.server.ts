import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { schoolInReach } from "../access/scopes.server.ts";
import { lastChangeOf } from "../audit/audit.server.ts";
import { officersToldOf } from "../funding/casework/areas.server.ts";
import { schoolStaff } from "../funding/store.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import {
  BESPOKE_STATUS_LABELS,
  BESPOKE_WORKFLOW,
  type BespokeAudience,
  type BespokeStatus,
  type BespokeStep,
  isBespokeReference,
  isBespokeStatus,
} from "./bespoke.rules.ts";
import { appendToTimeline, timelineHas } from "../workflow/timeline.server.ts";

/**
 * How bespoke training requests are stored, for the workflow engine: the row, locked under the actor's reach of
 * its school (a school's staff their own; the council every one), and its append-only timeline.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

/** What the actor reaches of bespoke requests: the schools they reach (scopes.server.ts), the council all. */
export function bespokeInReach(actor: Actor) {
  return schoolInReach<"training_bespoke_requests">(actor, "training_bespoke_requests.school_id");
}

async function lockBespoke(trx: Trx, actor: Actor, reference: string) {
  if (!isBespokeReference(reference)) return undefined;
  const row = await trx
    .selectFrom("training_bespoke_requests")
    .select(["id", "reference", "status", "version", "school_id", "created_by", "topic", "need_area"])
    .where("reference", "=", reference)
    .where(bespokeInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row || !isBespokeStatus(row.status)) return undefined;
  return { ...row, status: row.status };
}
export type LockedBespoke = NonNullable<Awaited<ReturnType<typeof lockBespoke>>>;

const BESPOKE_TIMELINE = { table: "training_bespoke_events", caseColumn: "training_bespoke_request_id" };

/** Appends one event to a bespoke request's timeline (append-only: a trigger refuses UPDATE and DELETE). */
export async function addBespokeEvent(
  trx: Trx,
  actor: Actor,
  requestId: number,
  event: { action: string; from: BespokeStatus | null; to: BespokeStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, BESPOKE_TIMELINE, requestId, actor, event);
}

const DID: Record<string, string> = {
  "training_bespoke_request.withdrawn": "it was withdrawn",
  "training_bespoke_request.accepted": "it was accepted",
  "training_bespoke_request.declined": "it was declined",
};

export const BESPOKE_STORE: CaseStore<BespokeStatus, BespokeStep, BespokeAudience, LockedBespoke> = {
  workflow: BESPOKE_WORKFLOW,
  noun: "request",
  lock: lockBespoke,
  stateLabel: (status) => BESPOKE_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("training_bespoke_requests")
      .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => addBespokeEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, BESPOKE_TIMELINE, row.id, actor.userId, digest),
  async lastChange(trx, row) {
    const last = await lastChangeOf(trx, { type: "training_bespoke_request", id: row.id }, Object.keys(DID));
    if (last?.userId) return { did: DID[last.action]!, changed: { userId: last.userId, at: last.at } };
    return { did: `it is now ${BESPOKE_STATUS_LABELS[row.status].toLowerCase()}` };
  },
  async audience(trx, row, audience) {
    // The officers of the school's area (ADR 30), as for a funding request; the school: its SENCOs (with whoever
    // asked) and headteachers.
    if (audience === "officers") return officersToldOf(trx, row.school_id);
    const staff = await schoolStaff(trx, row.school_id, row.created_by);
    return [...staff.sencos, ...staff.heads];
  },
  auditDetail: (row) => ({ reference: row.reference }),
};
