import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { STALE_MESSAGE, type Result } from "../result.ts";
import type { DisclosureRule } from "./disclosure.server.ts";
import type { DisclosureRuleInput } from "./rule.schema.ts";

/**
 * The small-number rule as the council has set it (ADR 75): one row, read by every dashboard and export (through
 * their `*Insight` functions) and changed by a council officer at the version they saw, audited. The kept views are
 * keyed by the rule, so a change is published at once, each figure protected afresh under the new rule.
 */

type DB = Kysely<Database>;

export interface DisclosureSettings {
  rule: DisclosureRule;
  /** The suppress rule's threshold, kept while the round rule is chosen so the form can offer it again. */
  threshold: number;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

function ruleOf(row: { rule_kind: string; threshold: number; protection: number }): DisclosureRule {
  return row.rule_kind === "round" ? { kind: "round", protection: row.protection } : { kind: "suppress", threshold: row.threshold, protection: row.protection };
}

/** The rule every figure about pupils is published under now. */
export async function disclosureRule(db: DB): Promise<DisclosureRule> {
  return ruleOf(await db.selectFrom("insight_disclosure_settings").select(["rule_kind", "threshold", "protection"]).executeTakeFirstOrThrow());
}

export async function disclosureSettings(db: DB, actor: Actor): Promise<DisclosureSettings> {
  requirePermission(actor, "insight:rule");
  const row = await db
    .selectFrom("insight_disclosure_settings")
    .leftJoin("users", "users.id", "insight_disclosure_settings.updated_by")
    .select([
      "insight_disclosure_settings.rule_kind",
      "insight_disclosure_settings.threshold",
      "insight_disclosure_settings.protection",
      "insight_disclosure_settings.version",
      "insight_disclosure_settings.updated_at",
      "users.display_name",
    ])
    .executeTakeFirstOrThrow();
  return { rule: ruleOf(row), threshold: row.threshold, version: row.version, updatedAt: row.updated_at, updatedBy: row.display_name ?? null };
}

/** Sets the rule at the version the officer saw; the same rule sent twice is one change, another rule meanwhile is stale. */
export async function setDisclosureRule(db: DB, actor: Actor, input: DisclosureRuleInput, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "insight:rule");
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("insight_disclosure_settings").select(["rule_kind", "threshold", "protection", "version"]).forUpdate().executeTakeFirstOrThrow();
    const threshold = input.threshold ?? before.threshold;
    const same = before.rule_kind === input.kind && before.threshold === threshold && before.protection === input.protection;
    if (same) return { ok: true as const };
    if (before.version !== input.version) return { ok: false as const, formError: STALE_MESSAGE };
    await trx
      .updateTable("insight_disclosure_settings")
      .set((eb) => ({ rule_kind: input.kind, threshold, protection: input.protection, version: eb("version", "+", 1), updated_by: actor.userId, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, {
      actor,
      action: "insight.rule_update",
      subjectType: "insight_disclosure_settings",
      requestId,
      detail: { from: ruleOf(before), to: ruleOf({ rule_kind: input.kind, threshold, protection: input.protection }) },
    });
    return { ok: true as const };
  });
}
