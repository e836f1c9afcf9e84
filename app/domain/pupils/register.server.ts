import { type Kysely, type QueryCreator, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId, pupilInReach } from "../access/scopes.server.ts";
import { withAuditRow } from "../audit/audit.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { provisionLabel, yearGroupLabel } from "./pupil-codes.ts";
import type { PupilFilter } from "./pupils.schema.ts";

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
export function registerSchoolOf(actor: Actor): number {
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
export function pupilRows(db: DB) {
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
export async function findPupil(db: DB, actor: Actor, pupilId: number) {
  const row = await pupilRow(db, actor, pupilId);
  if (!row) notFound();
  return row;
}

type FoundPupil = NonNullable<Awaited<ReturnType<typeof pupilRow>>>;

/** A pupil's row as the record page and a funding request's page show it. */
export function toDetail(row: FoundPupil): PupilDetail {
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
  const row = await auditedRead(
    db,
    (db) => findPupil(db, actor, pupilId),
    (row) => [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: row.id, requestId }],
  );
  return toDetail(row);
}
