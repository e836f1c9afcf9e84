import type { Expression, ExpressionBuilder, Kysely, SqlBool, UpdateObject } from "kysely";
import type { Database } from "../../db/types.ts";
import { type Refusal, refuse } from "./result.ts";

/**
 * Plain records (a pupil, a user, a scheme): the two helpers every use-case that changes one shares (ADR 20).
 * Workflow cases (states and steps) go through app/domain/workflow/engine.server.ts instead.
 */

/** The tables whose rows carry a `version` (bumped on every change) and an `updated_at`. */
export type VersionedTable = "pupils" | "users" | "funding_schemes" | "school_sen_budgets" | "funding_scheme_budgets" | "funding_requests";

/**
 * A version-checked update of one plain record: writes `set` (bumping the version, stamping `updated_at`) only if
 * the row `where` names (its id, or its key columns) is still at `version`, and only within `scope` when given
 * (the actor's reach, app/domain/access/scopes.server.ts). False when someone changed it first: the caller then
 * applies the resubmission rule (app/domain/workflow/resubmission.server.ts) and refuses or answers as done.
 */
export async function updateAtVersion<T extends VersionedTable>(
  db: Kysely<Database>,
  table: T,
  where: Record<string, string | number>,
  version: number,
  set: UpdateObject<Database, T>,
  scope?: (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>,
): Promise<boolean> {
  // Any of the versioned tables: typed by `set` and `scope` above, built untyped here.
  const untyped = db as unknown as Kysely<any>;
  let query = untyped
    .updateTable(table as string)
    .set((eb: ExpressionBuilder<any, any>) => ({ ...(set as object), version: eb("version", "+", 1), updated_at: new Date() }))
    .where("version", "=", version);
  for (const [column, value] of Object.entries(where)) query = query.where(column, "=", value);
  if (scope) query = query.where(scope as any);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether a database error is a unique violation, of `constraint` when named (PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== "23505") return false;
  return constraint === undefined || e.constraint === constraint || (e.message ?? "").includes(constraint);
}

const EXCLUSION_VIOLATION = "23P01";

/** Whether a database error is the exclusion violation of `constraint` (PostgreSQL's 23P01). */
export function isExclusionViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === EXCLUSION_VIOLATION && (e.constraint === constraint || (e.message ?? "").includes(constraint));
}

/**
 * A lost race on a unique index, as the same field error the check before it gives: `fields` maps each
 * constraint to its field and message (`{ funding_schemes_name_key: ["name", "Another scheme ..."] }`); a
 * constraint of "*" matches any unique violation. Null for any other error (the caller rethrows it).
 */
export function uniqueViolationRefusal(error: unknown, fields: Record<string, readonly [field: string, message: string]>): Refusal | null {
  for (const [constraint, [field, message]] of Object.entries(fields)) {
    if (isUniqueViolation(error, constraint === "*" ? undefined : constraint)) return refuse(field, message);
  }
  return null;
}
