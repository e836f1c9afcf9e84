import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { resourceProvisionInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatDate } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { yearGroupLabel } from "../pupils/pupil-codes.ts";
import { isUniqueViolation } from "../record.server.ts";
import type { Result } from "../result.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { academicYearOf, RETURN_FIGURES, type ReturnFigureKey, SRP_STATUS_LABELS, type SrpStatus, termOrder, termShortLabel, termLabel } from "./provision-codes.ts";
import type { SrpInput } from "./return.schema.ts";
import { openWindow } from "./windows.server.ts";

/**
 * The register of SRPs (ADR 50): each host school's SRPs as its staff see them (with their history of returns),
 * and the council's changes to the register (a new SRP, its status, year groups, opening date and the places
 * commissioned for an academic year). SRP figures are about places, never a named child.
 */

type DB = Kysely<Database>;

/** "ASD resource provision, Years 7 to 11". */
export function srpHeading(srp: { designation_code: string; first_year_group?: string; last_year_group?: string }): string {
  const years = srp.first_year_group && srp.last_year_group ? `, ${yearRange(srp.first_year_group, srp.last_year_group)}` : "";
  return `${srp.designation_code} resource provision${years}`;
}

export function yearRange(first: string, last: string): string {
  return first === last ? yearGroupLabel(first) : `${yearGroupLabel(first)} to ${yearGroupLabel(last).replace(/^Year /, "")}`;
}

/** Places commissioned for an SRP in an academic year, or null when the council has recorded none. */
export async function commissionedFor(db: DB, srpId: number, academicYear: number): Promise<number | null> {
  const row = await db.selectFrom("resource_provision_places").select("commissioned_places").where("resource_provision_id", "=", srpId).where("academic_year", "=", academicYear).executeTakeFirst();
  return row?.commissioned_places ?? null;
}

export interface DesignationOption {
  code: string;
  name: string;
}

export async function listDesignations(db: DB): Promise<DesignationOption[]> {
  return db.selectFrom("srp_designations").select(["code", "name"]).where("active", "=", true).orderBy("sort_order").orderBy("code").execute();
}

export interface SchoolSrp {
  id: number;
  heading: string;
  designation: string;
  status: SrpStatus;
  statusLabel: string;
  commissioned: number | null;
  /** The open window's return: not started, draft, sent (null when no window is open). */
  returnState: "not_started" | "draft" | "sent" | null;
}

/** The SRPs of the actor's school (or, for the council, none: officers use the overview). */
export async function listSchoolSrps(db: DB, actor: Actor, now = new Date()) {
  requirePermission(actor, "provision:view");
  const today = londonToday(now);
  const window = await openWindow(db, today);
  const year = window?.academicYear ?? academicYearOf(today);
  const rows = await db
    .selectFrom("resource_provisions")
    .innerJoin("srp_designations", "srp_designations.code", "resource_provisions.designation_code")
    .leftJoin("resource_provision_places as places", (join) => join.onRef("places.resource_provision_id", "=", "resource_provisions.id").on("places.academic_year", "=", year))
    .leftJoin("srp_returns", (join) => join.onRef("srp_returns.resource_provision_id", "=", "resource_provisions.id").on("srp_returns.window_id", "=", window?.id ?? 0))
    .select([
      "resource_provisions.id",
      "resource_provisions.designation_code",
      "resource_provisions.first_year_group",
      "resource_provisions.last_year_group",
      "resource_provisions.status",
      "srp_designations.name as designation",
      "places.commissioned_places",
      "srp_returns.status as return_status",
      "srp_returns.version as return_version",
    ])
    .where(resourceProvisionInReach(actor))
    .orderBy("resource_provisions.designation_code")
    .execute();
  const srps: SchoolSrp[] = rows.map((r) => ({
    id: r.id,
    heading: srpHeading(r),
    designation: r.designation,
    status: r.status as SrpStatus,
    statusLabel: SRP_STATUS_LABELS[r.status as SrpStatus] ?? r.status,
    commissioned: r.commissioned_places,
    returnState: !window ? null : !r.return_status || !r.return_version ? "not_started" : (r.return_status as "draft" | "sent"),
  }));
  return { window: window ?? null, srps };
}

export interface SrpTermFigures {
  windowId: number;
  term: string;
  shortTerm: string;
  commissioned: number | null;
  sent: boolean;
  overCommissioned: boolean;
  figures: Record<ReturnFigureKey, number | null>;
}

export interface SrpDetail {
  id: number;
  heading: string;
  school: { name: string; urn: string };
  designation: string;
  years: string;
  openedOn: string;
  status: SrpStatus;
  statusLabel: string;
  registerCount: number;
  history: SrpTermFigures[];
}

/** One SRP with its terms so far: each window that has opened, with its sent return's figures (or none). */
export async function getSrp(db: DB, actor: Actor, srpId: number, now = new Date()): Promise<SrpDetail> {
  requirePermission(actor, "provision:view");
  const srp = await db
    .selectFrom("resource_provisions")
    .innerJoin("schools", "schools.id", "resource_provisions.school_id")
    .innerJoin("srp_designations", "srp_designations.code", "resource_provisions.designation_code")
    .select([
      "resource_provisions.id",
      "resource_provisions.designation_code",
      "resource_provisions.first_year_group",
      "resource_provisions.last_year_group",
      "resource_provisions.opened_on",
      "resource_provisions.status",
      "schools.name as school",
      "schools.urn",
      "srp_designations.name as designation",
    ])
    .where("resource_provisions.id", "=", srpId)
    .where(resourceProvisionInReach(actor))
    .executeTakeFirst();
  if (!srp) notFound();
  const today = londonToday(now);
  const [windows, places, returns, register] = await Promise.all([
    db.selectFrom("srp_return_windows").select(["id", "academic_year", "term"]).where("opens_on", "<=", today).where("closes_on", ">=", srp.opened_on).execute(),
    db.selectFrom("resource_provision_places").select(["academic_year", "commissioned_places"]).where("resource_provision_id", "=", srp.id).execute(),
    db.selectFrom("srp_returns").selectAll().where("resource_provision_id", "=", srp.id).where("status", "=", "sent").execute(),
    db
      .selectFrom("pupils")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("resource_provision_id", "=", srp.id)
      .where("date_left", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  const commissioned = new Map(places.map((p) => [p.academic_year, p.commissioned_places]));
  const byWindow = new Map(returns.map((r) => [r.window_id, r]));
  const history = windows
    .map((w) => ({ ...w, academicYear: w.academic_year }))
    .sort((a, b) => termOrder(a) - termOrder(b))
    .map((w): SrpTermFigures => {
      const sent = byWindow.get(w.id);
      return {
        windowId: w.id,
        term: termLabel(w),
        shortTerm: termShortLabel(w),
        commissioned: commissioned.get(w.academic_year) ?? null,
        sent: Boolean(sent),
        overCommissioned: sent?.over_commissioned ?? false,
        figures: Object.fromEntries(RETURN_FIGURES.map((f) => [f.key, sent ? sent[f.column] : null])) as Record<ReturnFigureKey, number | null>,
      };
    });
  return {
    id: srp.id,
    heading: srpHeading(srp),
    school: { name: srp.school, urn: srp.urn },
    designation: srp.designation,
    years: yearRange(srp.first_year_group, srp.last_year_group),
    openedOn: formatDate(srp.opened_on),
    status: srp.status as SrpStatus,
    statusLabel: SRP_STATUS_LABELS[srp.status as SrpStatus] ?? srp.status,
    registerCount: Number(register.n),
    history,
  };
}

// The council's changes to the register. ------------------------------------------------------------------

export interface SrpForEdit {
  id: number;
  heading: string;
  school: string;
  version: number;
  designation: string;
  firstYearGroup: string;
  lastYearGroup: string;
  openedOn: string;
  status: SrpStatus;
  places: { academicYear: number; commissioned: number }[];
  options: SrpFormOptions;
}

export interface SrpFormOptions {
  designations: DesignationOption[];
  /** The academic years places can be set for: last year to two ahead. */
  academicYears: number[];
  currentYear: number;
}

/** What the register's forms offer: the council's designations and the academic years around today. */
export async function srpFormOptions(db: DB, actor: Actor, now = new Date()): Promise<SrpFormOptions> {
  requirePermission(actor, "provision:manage");
  const currentYear = academicYearOf(londonToday(now));
  return { designations: await listDesignations(db), academicYears: [currentYear - 1, currentYear, currentYear + 1, currentYear + 2], currentYear };
}

export async function getSrpForEdit(db: DB, actor: Actor, srpId: number): Promise<SrpForEdit> {
  requirePermission(actor, "provision:manage");
  const srp = await db
    .selectFrom("resource_provisions")
    .innerJoin("schools", "schools.id", "resource_provisions.school_id")
    .select([
      "resource_provisions.id",
      "resource_provisions.version",
      "resource_provisions.designation_code",
      "resource_provisions.first_year_group",
      "resource_provisions.last_year_group",
      "resource_provisions.opened_on",
      "resource_provisions.status",
      "schools.name as school",
    ])
    .where("resource_provisions.id", "=", srpId)
    .where(resourceProvisionInReach(actor))
    .executeTakeFirst();
  if (!srp) notFound();
  const places = await db.selectFrom("resource_provision_places").select(["academic_year", "commissioned_places"]).where("resource_provision_id", "=", srp.id).orderBy("academic_year", "desc").execute();
  return {
    id: srp.id,
    heading: srpHeading(srp),
    school: srp.school,
    version: srp.version,
    designation: srp.designation_code,
    firstYearGroup: srp.first_year_group,
    lastYearGroup: srp.last_year_group,
    openedOn: srp.opened_on,
    status: srp.status as SrpStatus,
    places: places.map((p) => ({ academicYear: p.academic_year, commissioned: p.commissioned_places })),
    options: await srpFormOptions(db, actor),
  };
}

const DESIGNATION_MISSING = { designation: ["Select the designation"] };

async function designationActive(db: DB, code: string) {
  return Boolean(await db.selectFrom("srp_designations").select("code").where("code", "=", code).where("active", "=", true).executeTakeFirst());
}

async function setPlaces(db: DB, srpId: number, academicYear: number, commissioned: number) {
  await db
    .insertInto("resource_provision_places")
    .values({ resource_provision_id: srpId, academic_year: academicYear, commissioned_places: commissioned })
    .onConflict((oc) => oc.columns(["resource_provision_id", "academic_year"]).doUpdateSet({ commissioned_places: commissioned }))
    .execute();
}

/** A new SRP on the register, at a school found by URN, with its places for an academic year. */
export async function createSrp(db: DB, actor: Actor, input: SrpInput & { urn: string }, requestId: string): Promise<Result<{ srpId: number }>> {
  requirePermission(actor, "provision:manage");
  const school = await db.selectFrom("schools").select("id").where("urn", "=", input.urn).executeTakeFirst();
  if (!school) return { ok: false, fieldErrors: { urn: ["No school has this URN: check it against Get Information About Schools"] } };
  if (!(await designationActive(db, input.designation))) return { ok: false, fieldErrors: DESIGNATION_MISSING };
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("resource_provisions")
        .values({ school_id: school.id, designation_code: input.designation, first_year_group: input.firstYearGroup, last_year_group: input.lastYearGroup, opened_on: input.openedOn, status: input.status })
        .returning("id")
        .executeTakeFirstOrThrow();
      await setPlaces(trx, row.id, input.academicYear, input.commissionedPlaces);
      await recordAudit(trx, { actor, action: "resource_provision.create", subjectType: "resource_provision", subjectId: row.id, requestId, detail: { urn: input.urn, designation: input.designation } });
      return { ok: true as const, srpId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "resource_provisions_one_per_designation")) return { ok: false, fieldErrors: { designation: ["This school already has an SRP with this designation"] } };
    throw error;
  }
}

const SRP_LABELS = { designation_code: "designation", first_year_group: "first year group", last_year_group: "last year group", opened_on: "opening date", status: "status" };

/** Changes an SRP at the version the officer saw, and sets its places for the academic year chosen. */
export async function updateSrp(db: DB, actor: Actor, srpId: number, input: SrpInput, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "provision:manage");
  if (!(await designationActive(db, input.designation))) return { ok: false, fieldErrors: DESIGNATION_MISSING };
  const set = { designation_code: input.designation, first_year_group: input.firstYearGroup, last_year_group: input.lastYearGroup, opened_on: input.openedOn, status: input.status };
  try {
    return await db.transaction().execute(async (trx): Promise<Result<object>> => {
      const current = await trx.selectFrom("resource_provisions").selectAll().where("id", "=", srpId).where(resourceProvisionInReach(actor)).forUpdate().executeTakeFirst();
      if (!current) notFound();
      if (current.version !== input.version) {
        const placed = await commissionedFor(trx, srpId, input.academicYear);
        const same = await answerOldVersion(trx, actor, { submitted: set, recorded: current, labels: SRP_LABELS, changed: { userId: null, at: current.updated_at } });
        if (!same.ok || placed === input.commissionedPlaces) return same;
        return answerOldVersion(trx, actor, { submitted: { places: input.commissionedPlaces }, recorded: { places: placed }, labels: { places: "places commissioned" }, changed: { userId: null, at: current.updated_at } });
      }
      await trx
        .updateTable("resource_provisions")
        .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
        .where("id", "=", srpId)
        .execute();
      await setPlaces(trx, srpId, input.academicYear, input.commissionedPlaces);
      await recordAudit(trx, {
        actor,
        action: "resource_provision.update",
        subjectType: "resource_provision",
        subjectId: srpId,
        requestId,
        detail: { fields: Object.keys(set).filter((k) => set[k as keyof typeof set] !== current[k as keyof typeof set]), academicYear: input.academicYear, commissionedPlaces: input.commissionedPlaces },
      });
      return { ok: true };
    });
  } catch (error) {
    if (isUniqueViolation(error, "resource_provisions_one_per_designation")) return { ok: false, fieldErrors: { designation: ["This school already has an SRP with this designation"] } };
    throw error;
  }
}
