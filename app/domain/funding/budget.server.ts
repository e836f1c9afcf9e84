import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatPence } from "../money.ts";
import { updateAtVersion } from "../record.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { type Result, STALE_MESSAGE, refuse } from "../result.ts";
import { MAX_BUDGET_PENCE } from "./tracker.schema.ts";
import { trackerSchoolOf, trackerYears } from "./tracker-figures.server.ts";

/** The school's notional SEN budget for a year, set by its headteacher on the tracker. */

type DB = Kysely<Database>;

/**
 * Sets the school's notional SEN budget for a year the tracker covers. The form carries the version it was
 * shown (0: no budget yet); a budget someone else set or changed meanwhile is not overwritten.
 */
export async function setSchoolBudget(
  db: DB,
  actor: Actor,
  input: { year: number; version: number; budget: number },
  requestId: string,
): Promise<Result<{ year: number }>> {
  requirePermission(actor, "funding:tracker");
  const schoolId = trackerSchoolOf(actor);
  if (!trackerYears().includes(input.year)) return refuse("budget", "You can set the budget for this financial year or the last one only");
  if (!Number.isSafeInteger(input.budget) || input.budget < 0 || input.budget > MAX_BUDGET_PENCE) {
    return refuse("budget", "Notional SEN budget must be £100,000,000 or less");
  }
  return db.transaction().execute(async (trx) => {
    const school = await trx.selectFrom("schools").select("urn").where("id", "=", schoolId).executeTakeFirst();
    if (!school) notFound();
    let saved: { version: number } | undefined;
    if (input.version === 0) {
      saved = await trx
        .insertInto("school_sen_budgets")
        .values({
          school_id: schoolId,
          financial_year: input.year,
          notional_sen_budget_pence: input.budget,
          updated_by: actor.userId,
        })
        .onConflict((oc) => oc.columns(["school_id", "financial_year"]).doNothing())
        .returning("version")
        .executeTakeFirst();
    } else {
      const updated = await updateAtVersion(
        trx,
        "school_sen_budgets",
        { school_id: schoolId, financial_year: input.year },
        input.version,
        { notional_sen_budget_pence: input.budget, updated_by: actor.userId },
      );
      saved = updated ? { version: input.version + 1 } : undefined;
    }
    if (!saved) {
      // Set or changed since the form was drawn: the same figure sent again is the same change; another is refused.
      const stored = await trx
        .selectFrom("school_sen_budgets")
        .select(["notional_sen_budget_pence", "updated_by", "updated_at"])
        .where("school_id", "=", schoolId)
        .where("financial_year", "=", input.year)
        .executeTakeFirst();
      if (!stored) return { ok: false as const, formError: STALE_MESSAGE };
      const answer = await answerOldVersion(trx, actor, {
        submitted: { budget: input.budget },
        recorded: { budget: stored.notional_sen_budget_pence },
        labels: { budget: "notional SEN budget" },
        changed: { userId: stored.updated_by, at: stored.updated_at },
        did: `the budget was set to ${formatPence(stored.notional_sen_budget_pence)}`,
        now: null,
      });
      return answer.ok ? { ok: true as const, year: input.year } : answer;
    }
    await recordAudit(trx, {
      actor,
      action: "school_budget.update",
      subjectType: "school",
      subjectId: school.urn,
      requestId,
      detail: { financialYear: input.year, notionalSenBudgetPence: input.budget, version: saved.version },
    });
    return { ok: true as const, year: input.year };
  });
}
