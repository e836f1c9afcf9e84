import { type Kysely, type Transaction, type UpdateObject } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { pupilInReach } from "../access/scopes.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { uniqueViolationRefusal, updateAtVersion } from "../record.server.ts";
import type { Refusal, Result } from "../result.ts";
import type { PupilInput } from "./pupils.schema.ts";
import { findPupil, registerSchoolOf, toDetail } from "./register.server.ts";

/** Changes to the register (SENCO): adding a pupil, correcting their record, marking them as left and back. */

type DB = Kysely<Database>;
type FieldErrors = Record<string, string[]>;

function addError(errors: FieldErrors, field: string, message: string) {
  (errors[field] ??= []).push(message);
}

/**
 * The rules that need the database: each need is on the council's list (and still in use, unless the
 * pupil already had it), a need for SEN support only (NSA) is not given with an EHC plan, and the UPN is
 * not another pupil's at the same school.
 */
async function checkAgainstRegister(
  db: DB,
  schoolId: number,
  input: PupilInput,
  current: { id: number; primaryNeed: string; secondaryNeed: string | null } | null,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const codes = [input.primaryNeed, ...(input.secondaryNeed ? [input.secondaryNeed] : [])];
  const needs = await db.selectFrom("sen_need_types").select(["code", "name", "sen_support_only", "active"]).where("code", "in", codes).execute();
  const check = (field: "primaryNeed" | "secondaryNeed", code: string | undefined, had: string | null | undefined, missing: string) => {
    if (!code) return;
    const need = needs.find((n) => n.code === code);
    if (!need || (!need.active && code !== had)) return addError(errors, field, missing);
    if (need.sen_support_only && input.senProvision === "E") {
      addError(errors, field, `"${need.name}" can only be recorded for a pupil on SEN support (K), not with an EHC plan (E)`);
    }
  };
  check("primaryNeed", input.primaryNeed, current?.primaryNeed, "Select the pupil's primary need");
  check("secondaryNeed", input.secondaryNeed, current?.secondaryNeed, "Select a secondary need from the list");
  if (input.upn) {
    let clash = db.selectFrom("pupils").select("id").where("school_id", "=", schoolId).where("upn", "=", input.upn);
    if (current) clash = clash.where("id", "<>", current.id);
    if (await clash.executeTakeFirst()) addError(errors, "upn", "Another pupil at this school already has this UPN");
  }
  return errors;
}

function refusal(fieldErrors: FieldErrors): Refusal | null {
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : null;
}

const UPN_TAKEN = "Another pupil at this school already has this UPN";

/** The form's answers as the pupils table's columns (the school and the version aside). */
function recordColumns(input: PupilInput, dateAdded: string) {
  return {
    first_name: input.firstName,
    last_name: input.lastName,
    date_of_birth: input.dateOfBirth,
    upn: input.upn ?? null,
    year_group: input.yearGroup,
    sen_provision: input.senProvision,
    primary_need: input.primaryNeed,
    secondary_need: input.secondaryNeed ?? null,
    date_added: dateAdded,
  };
}

/** Adds a pupil to the SENCO's school's register. An empty date added means today. */
export async function createPupil(db: DB, actor: Actor, input: PupilInput, requestId: string): Promise<Result<{ pupilId: number }>> {
  requirePermission(actor, "pupils:manage");
  const schoolId = registerSchoolOf(actor);
  const refused = refusal(await checkAgainstRegister(db, schoolId, input, null));
  if (refused) return refused;
  try {
    return await db.transaction().execute(async (trx) => {
      const pupil = await trx
        .insertInto("pupils")
        .values({ school_id: schoolId, ...recordColumns(input, input.dateAdded ?? londonToday()) })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: "pupil.create", subjectType: "pupil", subjectId: pupil.id, requestId });
      return { ok: true as const, pupilId: pupil.id };
    });
  } catch (error) {
    // Two SENCOs adding the same UPN at once: the unique index decides, the second is told plainly.
    const duplicate = uniqueViolationRefusal(error, { "*": ["upn", UPN_TAKEN] });
    if (duplicate) return duplicate;
    throw error;
  }
}

/** Changes a pupil's record at the version the SENCO saw; someone else's change in between is reported, not overwritten. */
export async function updatePupil(
  db: DB,
  actor: Actor,
  pupilId: number,
  input: PupilInput & { version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "pupils:manage");
  const current = toDetail(await findPupil(db, actor, pupilId));
  const dateAdded = input.dateAdded ?? current.dateAdded;
  if (current.version !== input.version) return resubmitted(db, actor, pupilId, recordColumns(input, dateAdded));
  const schoolId = registerSchoolOf(actor);
  const errors = await checkAgainstRegister(db, schoolId, input, current);
  if (current.dateLeft && dateAdded > current.dateLeft) {
    addError(errors, "dateAdded", "Date added must be on or before the date the pupil left");
  }
  const refused = refusal(errors);
  if (refused) return refused;
  const next = recordColumns(input, dateAdded);
  const before: Record<keyof typeof next, string | null> = {
    first_name: current.firstName,
    last_name: current.lastName,
    date_of_birth: current.dateOfBirth,
    upn: current.upn,
    year_group: current.yearGroup,
    sen_provision: current.senProvision,
    primary_need: current.primaryNeed,
    secondary_need: current.secondaryNeed,
    date_added: current.dateAdded,
  };
  // Which columns changed, never their values: the audit log holds no names or needs.
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await claimVersion(trx, actor, pupilId, input.version, next))) return resubmitted(trx, actor, pupilId, next);
      await recordAudit(trx, { actor, action: "pupil.update", subjectType: "pupil", subjectId: pupilId, requestId, detail: { fields: changed } });
      return { ok: true as const };
    });
  } catch (error) {
    const duplicate = uniqueViolationRefusal(error, { "*": ["upn", UPN_TAKEN] });
    if (duplicate) return duplicate;
    throw error;
  }
}

/** The pupil's columns as a refusal names them ("it now differs from what you sent in: first name, year group"). */
const FIELD_LABELS = {
  first_name: "first name",
  last_name: "last name",
  date_of_birth: "date of birth",
  upn: "UPN",
  year_group: "year group",
  sen_provision: "SEN provision",
  primary_need: "primary need",
  secondary_need: "secondary need",
  date_added: "date added",
  date_left: "date left",
};

/**
 * A change sent against an old version of the pupil's record (the rule in resubmission.server.ts): the same
 * change sent again, answered as done, if the record already holds every value sent; otherwise refused, saying
 * who changed the record, when, and which of the values sent now differ.
 */
async function resubmitted(db: DB, actor: Actor, pupilId: number, submitted: Partial<Record<keyof typeof FIELD_LABELS, string | null>>) {
  const recorded = await findPupil(db, actor, pupilId);
  const changed = await lastChangeOf(db, { type: "pupil", id: pupilId }, ["pupil.create", "pupil.update", "pupil.left"]);
  return answerOldVersion(db, actor, { submitted, recorded, labels: FIELD_LABELS, changed });
}

/** Writes the change only if the pupil is still at the version the SENCO saw; false when someone changed it first. */
function claimVersion(trx: Transaction<Database>, actor: Actor, pupilId: number, version: number, set: UpdateObject<Database, "pupils">) {
  return updateAtVersion(trx, "pupils", { id: pupilId }, version, set, pupilInReach(actor));
}

/**
 * Marks a pupil as left on a date. The record is kept (listed under "left"), never deleted: funding
 * requests and the audit log still refer to it.
 */
export async function markPupilLeft(
  db: DB,
  actor: Actor,
  pupilId: number,
  input: { dateLeft: string; version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "pupils:manage");
  const current = await findPupil(db, actor, pupilId);
  if (current.version !== input.version) return resubmitted(db, actor, pupilId, { date_left: input.dateLeft });
  if (input.dateLeft < current.date_added) {
    return { ok: false, fieldErrors: { dateLeft: ["Date left must be on or after the date the pupil was added to the register"] } };
  }
  return db.transaction().execute(async (trx) => {
    if (!(await claimVersion(trx, actor, pupilId, input.version, { date_left: input.dateLeft }))) {
      return resubmitted(trx, actor, pupilId, { date_left: input.dateLeft });
    }
    await recordAudit(trx, { actor, action: "pupil.left", subjectType: "pupil", subjectId: pupilId, requestId });
    return { ok: true as const };
  });
}

/**
 * Puts a pupil marked as left back on the register (for a mistake, or a pupil who returns): clears the date
 * left. Recorded as a `pupil.update` of `date_left`, so the audit log shows both the leaving and the undoing.
 */
export async function returnPupilToRegister(
  db: DB,
  actor: Actor,
  pupilId: number,
  input: { version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "pupils:manage");
  const current = await findPupil(db, actor, pupilId);
  if (current.version !== input.version) return resubmitted(db, actor, pupilId, { date_left: null });
  if (current.date_left === null) return { ok: true };
  return db.transaction().execute(async (trx) => {
    if (!(await claimVersion(trx, actor, pupilId, input.version, { date_left: null }))) {
      return resubmitted(trx, actor, pupilId, { date_left: null });
    }
    await recordAudit(trx, { actor, action: "pupil.update", subjectType: "pupil", subjectId: pupilId, requestId, detail: { fields: ["date_left"] } });
    return { ok: true as const };
  });
}

// For the funding work. -----------------------------------------------------------------------------------
