import { type Kysely, type QueryCreator, type Transaction, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { fundingRequestInReach, ownSchoolId, pupilInReach } from "../access/scopes.server.ts";
import { lastChangeOf, recordAudit, withAuditRow } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import type { Refusal, Result } from "../result.ts";
import { type SenProvision, provisionLabel, yearGroupLabel } from "./pupil-codes.ts";
import type { PupilFilter, PupilInput } from "./pupils.schema.ts";

/**
 * The pupil register: a school's pupils with SEND. Only the school's own staff see it (pupils:view: SENCO
 * and headteacher; pupils:manage: SENCO). Every query is limited in SQL to the actor's school, so another
 * school's pupil is "not found", the same 404 as a pupil that does not exist.
 *
 * Children's data: every view of a record, every listing and every change writes an audit row in the same
 * transaction. Audit details never hold names, dates of birth, UPNs or needs: only ids, counts and the
 * names of the columns that changed.
 */

type DB = Kysely<Database>;

export const PUPILS_PAGE_SIZE = 50;

export interface NeedType {
  code: string;
  name: string;
  senSupportOnly: boolean;
  active: boolean;
}

export interface PupilRow {
  id: number;
  firstName: string;
  lastName: string;
  upn: string | null;
  dateOfBirth: string;
  yearGroup: string;
  yearGroupLabel: string;
  senProvision: string;
  provisionLabel: string;
  primaryNeedName: string;
  dateLeft: string | null;
}

export interface PupilDetail extends PupilRow {
  primaryNeed: string;
  secondaryNeed: string | null;
  secondaryNeedName: string | null;
  dateAdded: string;
  version: number;
}

/** The actor's school for the register (own-school reach, scopes.server.ts): none is "not found". */
function registerSchoolOf(actor: Actor): number {
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  return schoolId;
}

/** The need types, in the council's order, for forms and the register's filter. */
export async function listNeedTypes(db: DB, actor: Actor): Promise<NeedType[]> {
  requirePermission(actor, "pupils:view");
  const rows = await db
    .selectFrom("sen_need_types")
    .select(["code", "name", "sen_support_only", "active"])
    .orderBy("sort_order")
    .orderBy("code")
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, senSupportOnly: r.sen_support_only, active: r.active }));
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The register's rows matching the filter, before paging. Built on whichever connection will run it. */
function matchingPupils(db: QueryCreator<Database>, actor: Actor, filter: PupilFilter) {
  let query = db
    .selectFrom("pupils")
    .innerJoin("sen_need_types as primary", "primary.code", "pupils.primary_need")
    .where(pupilInReach(actor));
  if (filter.status === "current") query = query.where("pupils.date_left", "is", null);
  if (filter.status === "left") query = query.where("pupils.date_left", "is not", null);
  if (filter.need) query = query.where("pupils.primary_need", "=", filter.need);
  if (filter.provision) query = query.where("pupils.sen_provision", "=", filter.provision);
  if (filter.year) query = query.where("pupils.year_group", "=", filter.year);
  const words = filter.q.toLowerCase().split(/[\s,]+/).filter(Boolean).slice(0, 5);
  if (words.length > 0) {
    const upn = `%${escapeLike(filter.q.replace(/\s+/g, "").toUpperCase())}%`;
    query = query.where((eb) =>
      eb.or([
        eb.and(
          words.map((word) => {
            const like = `%${escapeLike(word)}%`;
            return eb.or([eb(eb.fn("lower", ["pupils.first_name"]), "like", like), eb(eb.fn("lower", ["pupils.last_name"]), "like", like)]);
          }),
        ),
        eb("pupils.upn", "like", upn),
      ]),
    );
  }
  return query;
}

/**
 * One page (50) of the school's register, sorted by last name, with the total that matched. The search
 * matches every word against first or last name, or the text against the UPN. Writes one `pupil.list` audit
 * row: the page shows children's names.
 */
export async function listPupils(
  db: DB,
  actor: Actor,
  filter: PupilFilter,
  requestId: string,
): Promise<{ pupils: PupilRow[]; total: number; page: number; pageCount: number }> {
  requirePermission(actor, "pupils:view");
  const schoolId = registerSchoolOf(actor);
  // Two statements and no transaction: the count, then the page of rows, whose statement also writes the
  // audit row (withAuditRow), so the names shown and their audit row commit together.
  const counted = await matchingPupils(db, actor, filter).select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const pageCount = Math.max(1, Math.ceil(total / PUPILS_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const audited = withAuditRow(db, {
    actor,
    action: "pupil.list",
    subjectType: "school",
    subjectId: schoolId,
    requestId,
    // Counts only: the search text may be a child's name. `shown` is what the count leaves for this page.
    detail: { page, shown: Math.max(0, Math.min(PUPILS_PAGE_SIZE, total - (page - 1) * PUPILS_PAGE_SIZE)), total, searched: filter.q !== "" },
  });
  const rows = await matchingPupils(audited, actor, filter)
    .select([
      "pupils.id",
      "pupils.first_name",
      "pupils.last_name",
      "pupils.upn",
      "pupils.date_of_birth",
      "pupils.year_group",
      "pupils.sen_provision",
      "primary.name as primary_need_name",
      "pupils.date_left",
    ])
    .orderBy(sql`lower(pupils.last_name)`)
    .orderBy(sql`lower(pupils.first_name)`)
    .orderBy("pupils.id")
    .limit(PUPILS_PAGE_SIZE)
    .offset((page - 1) * PUPILS_PAGE_SIZE)
    .execute();
  return {
    total,
    page,
    pageCount,
    pupils: rows.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      upn: r.upn,
      dateOfBirth: r.date_of_birth,
      yearGroup: r.year_group,
      yearGroupLabel: yearGroupLabel(r.year_group),
      senProvision: r.sen_provision,
      provisionLabel: provisionLabel(r.sen_provision),
      primaryNeedName: r.primary_need_name,
      dateLeft: r.date_left,
    })),
  };
}

/** The pupils' rows with the names of their needs, before any scope. */
function pupilRows(db: DB) {
  return db
    .selectFrom("pupils")
    .innerJoin("sen_need_types as primary", "primary.code", "pupils.primary_need")
    .leftJoin("sen_need_types as secondary", "secondary.code", "pupils.secondary_need")
    .selectAll("pupils")
    .select(["primary.name as primary_need_name", "secondary.name as secondary_need_name"]);
}

/** A pupil's row on the actor's school's register (pupilInReach). */
function pupilRow(db: DB, actor: Actor, pupilId: number) {
  return pupilRows(db).where("pupils.id", "=", pupilId).where(pupilInReach(actor)).executeTakeFirst();
}

/** The pupil's row if it is one of the actor's school's pupils; 404 otherwise (missing or another school's). */
async function findPupil(db: DB, actor: Actor, pupilId: number) {
  const row = await pupilRow(db, actor, pupilId);
  if (!row) notFound();
  return row;
}

type FoundPupil = NonNullable<Awaited<ReturnType<typeof pupilRow>>>;

/**
 * The pupil a funding request names, for the request's page: reached through the request (fundingRequestInReach),
 * the only way a council officer sees a pupil. The caller writes the `pupil.view` audit row with the request's.
 */
export async function pupilOfFundingRequest(db: DB, actor: Actor, fundingRequestId: number): Promise<PupilDetail | undefined> {
  const row = await pupilRows(db)
    .innerJoin("funding_requests", "funding_requests.pupil_id", "pupils.id")
    .where("funding_requests.id", "=", fundingRequestId)
    .where(fundingRequestInReach(actor))
    .executeTakeFirst();
  return row ? toDetail(row) : undefined;
}

function toDetail(row: FoundPupil): PupilDetail {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    upn: row.upn,
    dateOfBirth: row.date_of_birth,
    yearGroup: row.year_group,
    yearGroupLabel: yearGroupLabel(row.year_group),
    senProvision: row.sen_provision,
    provisionLabel: provisionLabel(row.sen_provision),
    primaryNeed: row.primary_need,
    primaryNeedName: row.primary_need_name,
    secondaryNeed: row.secondary_need,
    secondaryNeedName: row.secondary_need_name,
    dateAdded: row.date_added,
    dateLeft: row.date_left,
    version: row.version,
  };
}

/** One pupil's record. Every view writes a `pupil.view` audit row. */
export async function getPupil(db: DB, actor: Actor, pupilId: number, requestId: string): Promise<PupilDetail> {
  requirePermission(actor, "pupils:view");
  return db.transaction().execute(async (trx) => {
    const row = await findPupil(trx, actor, pupilId);
    await recordAudit(trx, { actor, action: "pupil.view", subjectType: "pupil", subjectId: row.id, requestId });
    return toDetail(row);
  });
}

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

const DUPLICATE_UPN: Refusal = { ok: false, fieldErrors: { upn: ["Another pupil at this school already has this UPN"] } };

function isUniqueViolation(error: unknown) {
  return (error as { code?: string }).code === "23505";
}

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
    if (isUniqueViolation(error)) return DUPLICATE_UPN;
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
    if (isUniqueViolation(error)) return DUPLICATE_UPN;
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
async function claimVersion(trx: Transaction<Database>, actor: Actor, pupilId: number, version: number, set: Record<string, unknown>) {
  const result = await trx
    .updateTable("pupils")
    .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
    .where("id", "=", pupilId)
    .where(pupilInReach(actor))
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
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

export interface PupilChoice {
  id: number;
  /** "First Last", for a select box. */
  name: string;
  upn: string | null;
}

/**
 * The actor's school's current pupils (not marked as left), sorted by last name, for the pupil select box
 * on a funding request; only those with `provision` when given (a scheme's pupil rule). School staff only
 * (pupils:view). Writes no audit row: the funding use-case that shows the form decides what to record.
 */
export async function listCurrentPupilsForFundingRequest(db: DB, actor: Actor, provision: SenProvision | null = null): Promise<PupilChoice[]> {
  requirePermission(actor, "pupils:view");
  let query = db
    .selectFrom("pupils")
    .select(["id", "first_name", "last_name", "upn"])
    .where(pupilInReach(actor))
    .where("date_left", "is", null);
  if (provision) query = query.where("sen_provision", "=", provision);
  const rows = await query
    .orderBy(sql`lower(last_name)`)
    .orderBy(sql`lower(first_name)`)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: `${r.first_name} ${r.last_name}`, upn: r.upn }));
}

/**
 * Whether a pupil is on this school's register and has not left: the check a funding request makes before
 * naming a pupil (a crafted POST with another school's pupil id gets false). Takes a transaction too.
 */
export async function isCurrentPupilOfSchool(db: DB, pupilId: number, schoolId: number): Promise<boolean> {
  if (!Number.isSafeInteger(pupilId) || pupilId <= 0) return false;
  const row = await db.selectFrom("pupils").select("id").where("id", "=", pupilId).where("school_id", "=", schoolId).where("date_left", "is", null).executeTakeFirst();
  return row !== undefined;
}

/**
 * The SEN provision (K or E) of a current pupil of this school, for checking a funding scheme's pupil rule; null
 * when the pupil is not on this school's register or has left (a crafted POST with another school's pupil).
 */
export async function currentPupilProvision(db: DB, actor: Actor, pupilId: number): Promise<string | null> {
  if (!Number.isSafeInteger(pupilId) || pupilId <= 0) return null;
  const row = await db
    .selectFrom("pupils")
    .select("sen_provision")
    .where("id", "=", pupilId)
    .where(pupilInReach(actor))
    .where("date_left", "is", null)
    .executeTakeFirst();
  return row?.sen_provision ?? null;
}
