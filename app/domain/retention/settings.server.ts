import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { STALE_MESSAGE, type Result } from "../result.ts";
import type { RetentionSettingsInput } from "./retention.schema.ts";

/**
 * The council's retention settings (ADR 60): one row, read by the job, the administrator's page and the public
 * privacy notice; changed only by an administrator (retention:manage), at the version they saw, audited.
 */

type DB = Kysely<Database>;

export interface RetentionSettings {
  yearsAfterLeaving: number;
  subjectAccessContact: string;
  version: number;
  updatedAt: Date;
}

export async function readRetentionSettings(db: DB): Promise<RetentionSettings> {
  const row = await db.selectFrom("retention_settings").select(["years_after_leaving", "subject_access_contact", "version", "updated_at"]).executeTakeFirstOrThrow();
  return { yearsAfterLeaving: row.years_after_leaving, subjectAccessContact: row.subject_access_contact, version: row.version, updatedAt: row.updated_at };
}

/**
 * The London date before which a pupil must have left for their records to go: today less the years kept. A pupil
 * who left on that date is kept (their years are not yet over); one who left the day before goes. 29 February less a
 * year is 28 February (PostgreSQL's date arithmetic).
 */
export async function leftBeforeDate(db: DB, years: number, now: Date): Promise<string> {
  const row = await sql<{ d: string }>`select to_char((${londonToday(now)}::date - make_interval(years => ${years}))::date, 'YYYY-MM-DD') as d`.execute(db);
  return row.rows[0]!.d;
}

/** What the public privacy notice says from the settings: no sign-in, nothing about anyone. */
export async function privacyNotice(db: DB): Promise<{ yearsAfterLeaving: number; subjectAccessContact: string }> {
  const { yearsAfterLeaving, subjectAccessContact } = await readRetentionSettings(db);
  return { yearsAfterLeaving, subjectAccessContact };
}

/** Changes the settings at the version the administrator saw; a change by someone else in between is reported. */
export async function updateRetentionSettings(db: DB, actor: Actor, input: RetentionSettingsInput, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "retention:manage");
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("retention_settings").select(["years_after_leaving", "subject_access_contact", "version"]).forUpdate().executeTakeFirstOrThrow();
    if (before.version !== input.version) {
      // The same change sent twice (a double click): already done.
      if (before.years_after_leaving === input.years && before.subject_access_contact === input.contact) return { ok: true as const };
      return { ok: false as const, formError: STALE_MESSAGE };
    }
    if (before.years_after_leaving === input.years && before.subject_access_contact === input.contact) return { ok: true as const };
    await trx
      .updateTable("retention_settings")
      .set((eb) => ({ years_after_leaving: input.years, subject_access_contact: input.contact, version: eb("version", "+", 1), updated_by: actor.userId, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, {
      actor,
      action: "retention.settings_update",
      subjectType: "retention_settings",
      requestId,
      detail: { yearsAfterLeaving: { from: before.years_after_leaving, to: input.years }, contactChanged: before.subject_access_contact !== input.contact },
    });
    return { ok: true as const };
  });
}
