import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { resourceProvisionInReach } from "../access/scopes.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";
import { isReturnStatus, RETURN_EVENT_LABELS, RETURN_STATUS_LABELS, RETURN_WORKFLOW, type ReturnAudience, type ReturnStatus, type ReturnStep } from "./returns.workflow.ts";

/**
 * How SRP returns are stored, for the engine (ADR 50). A return is named by its SRP and window ("12:7"): the SRP is
 * locked under the actor's reach (resourceProvisionInReach), then its return for the window; the first save or
 * send of a term makes the row (version 0, an empty draft) in the same transaction, so a refused first send leaves
 * nothing behind, and two first sends at once meet on the SRP's lock and the one-per-window key. Timeline:
 * srp_return_events.
 *
 * Lock order: the SRP, then its return.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

export const RETURN_TIMELINE = { table: "srp_return_events", caseColumn: "srp_return_id" };

/** "12:7" as an SRP id and a window id; undefined for anything else. */
export function parseReturnKey(key: string): { srpId: number; windowId: number } | undefined {
  const match = /^([1-9]\d{0,8}):([1-9]\d{0,8})$/.exec(key);
  if (!match) return undefined;
  return { srpId: Number(match[1]), windowId: Number(match[2]) };
}

export const returnKey = (srpId: number, windowId: number) => `${srpId}:${windowId}`;

async function lockReturn(trx: Trx, actor: Actor, key: string) {
  const parsed = parseReturnKey(key);
  if (!parsed) return undefined;
  const srp = await trx
    .selectFrom("resource_provisions")
    .select(["resource_provisions.id", "resource_provisions.school_id", "resource_provisions.status"])
    .where("resource_provisions.id", "=", parsed.srpId)
    .where(resourceProvisionInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!srp) return undefined;
  const window = await trx.selectFrom("srp_return_windows").select(["id", "academic_year", "term", "opens_on", "closes_on"]).where("id", "=", parsed.windowId).executeTakeFirst();
  if (!window) return undefined;
  const columns = ["id", "status", "version", "places_filled", "ehc_plan_pupils", "from_other_schools", "admitted", "left_in_term", "waiting", "comment"] as const;
  let row = await trx.selectFrom("srp_returns").select(columns).where("resource_provision_id", "=", srp.id).where("window_id", "=", window.id).forUpdate().executeTakeFirst();
  row ??= await trx
    .insertInto("srp_returns")
    .values({ resource_provision_id: srp.id, school_id: srp.school_id, window_id: window.id, status: "draft", created_by: actor.userId, version: 0 })
    .returning(columns)
    .executeTakeFirstOrThrow();
  if (!isReturnStatus(row.status)) return undefined;
  return { ...row, status: row.status as ReturnStatus, srp, window };
}

export type LockedReturn = NonNullable<Awaited<ReturnType<typeof lockReturn>>>;

export const RETURN_STORE: CaseStore<ReturnStatus, ReturnStep, ReturnAudience, LockedReturn> = {
  workflow: RETURN_WORKFLOW,
  noun: "return",
  lock: lockReturn,
  stateLabel: (status) => RETURN_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("srp_returns")
      .set((eb) => ({ ...set, updated_at: new Date(), version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => appendToTimeline(trx, RETURN_TIMELINE, row.id, actor, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, RETURN_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, RETURN_TIMELINE, row.id, RETURN_EVENT_LABELS),
  audience: async () => [],
  auditDetail: (row) => ({ resourceProvisionId: row.srp.id, windowId: row.window.id }),
};
