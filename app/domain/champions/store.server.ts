import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { agreedActionInReach, championVisitInReach } from "../access/scopes.server.ts";
import { schoolStaffIds } from "../notifications/notify.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";
import { recordIdOf } from "../record.ts";
import {
  AGREED_ACTION_EVENT_LABELS,
  AGREED_ACTION_STATUS_LABELS,
  AGREED_ACTION_WORKFLOW,
  type AgreedActionAudience,
  type AgreedActionStatus,
  type AgreedActionStep,
  CHAMPION_VISIT_EVENT_LABELS,
  CHAMPION_VISIT_STATUS_LABELS,
  CHAMPION_VISIT_WORKFLOW,
  type ChampionVisitAudience,
  type ChampionVisitStatus,
  type ChampionVisitStep,
  isAgreedActionStatus,
  isChampionVisitStatus,
} from "./visits.workflow.ts";

/**
 * How champion visits and their agreed actions are stored, for the engine (ADR 52): each row by its id under the
 * actor's reach (championVisitInReach, agreedActionInReach: a draft and its actions only by its own champion), its
 * timeline (champion_visit_events, agreed_action_events). Lock order: a visit, then its actions.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

export const CHAMPION_VISIT_TIMELINE = { table: "champion_visit_events", caseColumn: "champion_visit_id" };
export const AGREED_ACTION_TIMELINE = { table: "agreed_action_events", caseColumn: "agreed_action_id" };


export async function lockChampionVisit(trx: Trx, actor: Actor, key: string) {
  const id = recordIdOf(key);
  if (id === undefined) return undefined;
  const row = await trx
    .selectFrom("champion_visits")
    .select(["id", "status", "version", "school_id", "champion_user_id", "visited_on", "format", "seen", "strengths", "updated_at"])
    .where("id", "=", id)
    .where(championVisitInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row || !isChampionVisitStatus(row.status)) return undefined;
  return { ...row, status: row.status as ChampionVisitStatus };
}

export type LockedChampionVisit = NonNullable<Awaited<ReturnType<typeof lockChampionVisit>>>;

export const CHAMPION_VISIT_STORE: CaseStore<ChampionVisitStatus, ChampionVisitStep, ChampionVisitAudience, LockedChampionVisit> = {
  workflow: CHAMPION_VISIT_WORKFLOW,
  noun: "visit report",
  lock: lockChampionVisit,
  stateLabel: (status) => CHAMPION_VISIT_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("champion_visits")
      .set((eb) => ({ ...set, updated_at: new Date(), version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => appendToTimeline(trx, CHAMPION_VISIT_TIMELINE, row.id, actor, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, CHAMPION_VISIT_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, CHAMPION_VISIT_TIMELINE, row.id, CHAMPION_VISIT_EVENT_LABELS),
  audience: async (trx, row) => schoolStaffIds(trx, row.school_id),
  auditDetail: (row) => ({ schoolId: row.school_id }),
};

async function lockAgreedAction(trx: Trx, actor: Actor, key: string) {
  const id = recordIdOf(key);
  if (id === undefined) return undefined;
  const row = await trx
    .selectFrom("agreed_actions")
    .innerJoin("champion_visits", "champion_visits.id", "agreed_actions.champion_visit_id")
    .select([
      "agreed_actions.id",
      "agreed_actions.status",
      "agreed_actions.version",
      "agreed_actions.owner",
      "agreed_actions.due_on",
      "agreed_actions.carried_count",
      "agreed_actions.position",
      "agreed_actions.champion_visit_id",
      "champion_visits.status as visit_status",
      "champion_visits.school_id",
      "champion_visits.champion_user_id",
      "champion_visits.visited_on",
    ])
    .where("agreed_actions.id", "=", id)
    .where(agreedActionInReach(actor))
    .forUpdate("agreed_actions")
    .executeTakeFirst();
  if (!row || !isAgreedActionStatus(row.status)) return undefined;
  return { ...row, status: row.status as AgreedActionStatus };
}

export type LockedAgreedAction = NonNullable<Awaited<ReturnType<typeof lockAgreedAction>>>;

export const AGREED_ACTION_STORE: CaseStore<AgreedActionStatus, AgreedActionStep, AgreedActionAudience, LockedAgreedAction> = {
  workflow: AGREED_ACTION_WORKFLOW,
  noun: "action",
  lock: lockAgreedAction,
  stateLabel: (status) => AGREED_ACTION_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("agreed_actions")
      .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => appendToTimeline(trx, AGREED_ACTION_TIMELINE, row.id, actor, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, AGREED_ACTION_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, AGREED_ACTION_TIMELINE, row.id, AGREED_ACTION_EVENT_LABELS),
  audience: async (trx, row, audience) => (audience === "school" ? schoolStaffIds(trx, row.school_id) : [row.champion_user_id]),
  auditDetail: (row) => ({ visitId: row.champion_visit_id, schoolId: row.school_id }),
};
