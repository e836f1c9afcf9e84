import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatPence } from "../money.ts";
import { updateAtVersion } from "../record.server.ts";
import { type Result, STALE_MESSAGE, refuse } from "../result.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { MAX_SCHEME_BUDGET_PENCE } from "./budgets.schema.ts";
import { insightYears } from "./insight-export.server.ts";

type DB = Kysely<Database>;

/**
 * Sets a funding scheme's budget for a financial year the funding dashboard offers. The form carries the version
 * it was shown (0: no budget yet): a budget someone else set or changed meanwhile is not overwritten; the same
 * figure sent again is taken as the same change.
 */
export async function setSchemeBudget(
  db: DB,
  actor: Actor,
  input: { schemeId: number; year: number; version: number; budget: number },
  requestId: string,
  now = new Date(),
): Promise<Result<{ year: number; schemeId: number }>> {
  requirePermission(actor, "insight:budgets");
  if (!insightYears(now).some((y) => y.year === input.year)) return refuse("budget", "You can set a budget for this financial year or the four before it only");
  if (!Number.isSafeInteger(input.budget) || input.budget < 0 || input.budget > MAX_SCHEME_BUDGET_PENCE) return refuse("budget", "Budget must be £900,000,000 or less");
  return db.transaction().execute(async (trx) => {
    const scheme = await trx.selectFrom("funding_schemes").select(["id", "code", "name"]).where("id", "=", input.schemeId).executeTakeFirst();
    if (!scheme) return refuse("budget", "That scheme does not exist: choose a scheme from the list");
    let saved: { version: number } | undefined;
    if (input.version === 0) {
      saved = await trx
        .insertInto("funding_scheme_budgets")
        .values({ scheme_id: scheme.id, financial_year: input.year, budget_pence: input.budget, updated_by: actor.userId })
        .onConflict((oc) => oc.columns(["scheme_id", "financial_year"]).doNothing())
        .returning("version")
        .executeTakeFirst();
    } else {
      const updated = await updateAtVersion(trx, "funding_scheme_budgets", { scheme_id: scheme.id, financial_year: input.year }, input.version, {
        budget_pence: input.budget,
        updated_by: actor.userId,
      });
      saved = updated ? { version: input.version + 1 } : undefined;
    }
    if (!saved) {
      const stored = await trx
        .selectFrom("funding_scheme_budgets")
        .select(["budget_pence", "updated_by", "updated_at"])
        .where("scheme_id", "=", scheme.id)
        .where("financial_year", "=", input.year)
        .executeTakeFirst();
      if (!stored) return { ok: false as const, formError: STALE_MESSAGE };
      const answer = await answerOldVersion(trx, actor, {
        submitted: { budget: input.budget },
        recorded: { budget: Number(stored.budget_pence) },
        labels: { budget: "budget" },
        changed: { userId: stored.updated_by, at: stored.updated_at },
        did: `the ${scheme.name} budget was set to ${formatPence(Number(stored.budget_pence))}`,
        now: null,
      });
      return answer.ok ? { ok: true as const, year: input.year, schemeId: scheme.id } : answer;
    }
    await recordAudit(trx, {
      actor,
      action: "scheme_budget.update",
      subjectType: "funding_scheme",
      subjectId: scheme.code,
      requestId,
      detail: { financialYear: input.year, budgetPence: input.budget, version: saved.version },
    });
    return { ok: true as const, year: input.year, schemeId: scheme.id };
  });
}

/** The budget form's page: the scheme, the year (one the dashboard offers, else this one) and the budget as it stands. */
export async function schemeBudgetPage(db: DB, actor: Actor, schemeId: number, yearParam: string | null, now = new Date()) {
  requirePermission(actor, "insight:budgets");
  const years = insightYears(now);
  const year = years.find((y) => String(y.year) === yearParam) ?? years[0]!;
  const scheme = await db.selectFrom("funding_schemes").select(["id", "name"]).where("id", "=", schemeId).executeTakeFirst();
  if (!scheme) notFound();
  const budget = await db
    .selectFrom("funding_scheme_budgets")
    .select(["budget_pence", "version"])
    .where("scheme_id", "=", scheme.id)
    .where("financial_year", "=", year.year)
    .executeTakeFirst();
  return { scheme, year: year.year, yearLabel: year.label, budgetPence: budget ? Number(budget.budget_pence) : null, version: budget?.version ?? 0 };
}
