import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { uniqueViolationRefusal } from "../record.server.ts";
import { type Refusal, type Result, STALE_MESSAGE, refuse } from "../result.ts";
import type { ReasonSummary } from "./schemes.server.ts";

/** The reasons a decision can give (officers): added, reworded, retired and brought back; never deleted. */

type DB = Kysely<Database>;

const REASON_TAKEN = "There is already a reason with this wording";

async function reasonTaken(db: DB, label: string, exceptId?: number) {
  let query = db.selectFrom("decision_reasons").select("id").where(sql<string>`lower(label)`, "=", label.toLowerCase());
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

function reasonRace(error: unknown): Refusal | null {
  return uniqueViolationRefusal(error, { decision_reasons_label_key: ["label", REASON_TAKEN] });
}

/** Adds a reason officers can give for a partial or declined decision; it is offered at once. */
export async function addReason(db: DB, actor: Actor, input: { label: string }, requestId: string): Promise<Result<{ reasonId: number }>> {
  requirePermission(actor, "funding:settings");
  if (await reasonTaken(db, input.label)) return refuse("label", REASON_TAKEN);
  try {
    return await db.transaction().execute(async (trx) => {
      const reason = await trx
        .insertInto("decision_reasons")
        .values((eb) => ({
          label: input.label,
          sort_order: eb.selectFrom("decision_reasons").select(sql<number>`coalesce(max(sort_order), 0) + 1`.as("next")),
        }))
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: "decision_reason.create", subjectType: "decision_reason", subjectId: reason.id, requestId });
      return { ok: true as const, reasonId: reason.id };
    });
  } catch (error) {
    const refusal = reasonRace(error);
    if (refusal) return refusal;
    throw error;
  }
}

export async function getReason(db: DB, actor: Actor, reasonId: number): Promise<ReasonSummary> {
  requirePermission(actor, "funding:settings");
  const reason = await db.selectFrom("decision_reasons").select(["id", "label", "active"]).where("id", "=", reasonId).executeTakeFirst();
  if (!reason) notFound();
  return reason;
}

/**
 * Rewords a reason. Decisions already made keep pointing at it, so they show the new wording: meant for
 * clarifying a reason, not for turning it into a different one (add a new reason for that).
 * `current` is the wording the officer was shown; if someone changed it since, nothing is overwritten.
 */
export async function renameReason(
  db: DB,
  actor: Actor,
  reasonId: number,
  input: { current: string; label: string },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "funding:settings");
  const exists = await db.selectFrom("decision_reasons").select("id").where("id", "=", reasonId).executeTakeFirst();
  if (!exists) notFound();
  if (await reasonTaken(db, input.label, reasonId)) return refuse("label", REASON_TAKEN);
  try {
    return await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("decision_reasons")
        .set({ label: input.label })
        .where("id", "=", reasonId)
        .where("label", "=", input.current)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        // Reworded since the officer saw it: the same rewording sent again if it already reads as they asked.
        const stored = await trx.selectFrom("decision_reasons").select("label").where("id", "=", reasonId).executeTakeFirstOrThrow();
        return answerOldVersion(trx, actor, {
          submitted: { label: input.label },
          recorded: stored,
          labels: { label: "wording" },
          changed: await lastChangeOf(trx, { type: "decision_reason", id: reasonId }, ["decision_reason.create", "decision_reason.rename"]),
          now: `it now reads “${stored.label}”`,
        });
      }
      await recordAudit(trx, { actor, action: "decision_reason.rename", subjectType: "decision_reason", subjectId: reasonId, requestId });
      return { ok: true as const };
    });
  } catch (error) {
    const refusal = reasonRace(error);
    if (refusal) return refusal;
    throw error;
  }
}

/** Retires a reason (kept on decisions that gave it, no longer offered) or brings it back. */
export async function setReasonActive(
  db: DB,
  actor: Actor,
  reasonId: number,
  input: { intent: "deactivate" | "reactivate" },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "funding:settings");
  const exists = await db.selectFrom("decision_reasons").select("id").where("id", "=", reasonId).executeTakeFirst();
  if (!exists) notFound();
  const active = input.intent === "reactivate";
  return db.transaction().execute(async (trx) => {
    // Only from the other state: deactivating a reason someone has just deactivated is a stale form.
    const updated = await trx
      .updateTable("decision_reasons")
      .set({ active })
      .where("id", "=", reasonId)
      .where("active", "=", !active)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return { ok: false as const, formError: STALE_MESSAGE };
    await recordAudit(trx, {
      actor,
      action: active ? "decision_reason.reactivate" : "decision_reason.deactivate",
      subjectType: "decision_reason",
      subjectId: reasonId,
      requestId,
    });
    return { ok: true as const };
  });
}
