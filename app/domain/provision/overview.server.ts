import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { resourceProvisionInReach } from "../access/scopes.server.ts";
import { formatDateTime } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { academicYearOf, termLabel, termShortLabel } from "./provision-codes.ts";
import { srpHeading } from "./register.server.ts";
import { currentWindow, type ReturnWindow } from "./windows.server.ts";

/**
 * The council's overview of every SRP (ADR 50): places commissioned against filled, by designation and by
 * district, vacancies, the current term's missing returns (with the reminders sent), returns filled above the
 * places commissioned, and the trend over terms. Places and counts of SRPs only: no pupil, named or counted by
 * need, is read here. The figures are SQL over the register and the sent returns; the rows are the county's SRPs
 * (about 75 at Kent's size), so the groupings are summed once from them.
 */

type DB = Kysely<Database>;

/** How many of the schools missing a return the overview names. */
export const MISSING_LISTED = 40;

export interface OverviewSrp {
  id: number;
  heading: string;
  designation: string;
  school: string;
  urn: string;
  district: string;
  status: string;
  commissioned: number | null;
  filled: number | null;
  ehcPlanPupils: number | null;
  waiting: number | null;
  returnState: "sent" | "draft" | "missing";
  overCommissioned: boolean;
  comment: string | null;
}

export interface PlacesGroup {
  key: string;
  label: string;
  srps: number;
  returnsIn: number;
  commissioned: number;
  /** Of the SRPs that sent a return: their places commissioned, filled, and vacancies (commissioned less filled, never below 0). */
  commissionedReported: number;
  filled: number;
  vacancies: number;
}

export interface TermTrend {
  windowId: number;
  term: string;
  shortTerm: string;
  returnsIn: number;
  commissioned: number;
  filled: number;
  waiting: number;
}

export interface ProvisionOverview {
  window: ReturnWindow | null;
  academicYear: number;
  srps: OverviewSrp[];
  totals: PlacesGroup;
  byDesignation: PlacesGroup[];
  byDistrict: PlacesGroup[];
  missing: { schoolId: number; school: string; urn: string; srps: string[]; remindedToday: boolean }[];
  /** How many schools are missing a return (the list shows the first MISSING_LISTED). */
  missingSchools: number;
  reminders: { school: string; sentAt: string; by: string; recipients: number }[];
  flagged: OverviewSrp[];
  trend: TermTrend[];
}

/** Every SRP not closed, with its places for the year and its return for the window. */
export async function overviewRows(db: DB, actor: Actor, window: ReturnWindow | null, academicYear: number): Promise<(OverviewSrp & { schoolId: number; districtCode: string; designationCode: string })[]> {
  const rows = await db
    .selectFrom("resource_provisions")
    .innerJoin("schools", "schools.id", "resource_provisions.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .innerJoin("srp_designations", "srp_designations.code", "resource_provisions.designation_code")
    .leftJoin("resource_provision_places as places", (join) => join.onRef("places.resource_provision_id", "=", "resource_provisions.id").on("places.academic_year", "=", academicYear))
    .leftJoin("srp_returns", (join) => join.onRef("srp_returns.resource_provision_id", "=", "resource_provisions.id").on("srp_returns.window_id", "=", window?.id ?? 0))
    .select([
      "resource_provisions.id",
      "resource_provisions.school_id",
      "resource_provisions.designation_code",
      "resource_provisions.first_year_group",
      "resource_provisions.last_year_group",
      "resource_provisions.status",
      "srp_designations.name as designation",
      "schools.name as school",
      "schools.urn",
      "districts.code as district_code",
      "districts.name as district",
      "places.commissioned_places",
      "srp_returns.status as return_status",
      "srp_returns.version as return_version",
      "srp_returns.places_filled",
      "srp_returns.ehc_plan_pupils",
      "srp_returns.waiting",
      "srp_returns.over_commissioned",
      "srp_returns.comment",
    ])
    .where(resourceProvisionInReach(actor))
    .where("resource_provisions.status", "<>", "closed")
    .orderBy("districts.name")
    .orderBy("schools.name")
    .orderBy("resource_provisions.designation_code")
    .execute();
  return rows.map((r) => {
    const sent = r.return_status === "sent";
    return {
      id: r.id,
      schoolId: r.school_id,
      districtCode: r.district_code,
      designationCode: r.designation_code,
      heading: srpHeading(r),
      designation: r.designation,
      school: r.school,
      urn: r.urn,
      district: r.district,
      status: r.status,
      commissioned: r.commissioned_places,
      filled: sent ? r.places_filled : null,
      ehcPlanPupils: sent ? r.ehc_plan_pupils : null,
      waiting: sent ? r.waiting : null,
      returnState: sent ? "sent" : r.return_status === "draft" && (r.return_version ?? 0) > 0 ? "draft" : "missing",
      overCommissioned: sent ? Boolean(r.over_commissioned) : false,
      comment: sent ? r.comment : null,
    };
  });
}

function group(key: string, label: string, rows: OverviewSrp[]): PlacesGroup {
  const sent = rows.filter((r) => r.returnState === "sent");
  return {
    key,
    label,
    srps: rows.length,
    returnsIn: sent.length,
    commissioned: rows.reduce((n, r) => n + (r.commissioned ?? 0), 0),
    commissionedReported: sent.reduce((n, r) => n + (r.commissioned ?? 0), 0),
    filled: sent.reduce((n, r) => n + (r.filled ?? 0), 0),
    vacancies: sent.reduce((n, r) => n + Math.max(0, (r.commissioned ?? 0) - (r.filled ?? 0)), 0),
  };
}

function groupBy<T extends OverviewSrp>(rows: T[], keyOf: (r: T) => string, labelOf: (r: T) => string): PlacesGroup[] {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups.entries()].map(([key, members]) => group(key, labelOf(members[0]!), members)).sort((a, b) => a.label.localeCompare(b.label));
}

/** Each term so far: returns sent, their SRPs' places commissioned, filled and waiting. Oldest first, the last `terms`. */
export async function termTrend(db: DB, today: string, terms = 12): Promise<TermTrend[]> {
  const rows = await sql<{ id: number; academic_year: number; term: string; returns_in: number; commissioned: number; filled: number; waiting: number }>`
    select w.id, w.academic_year, w.term,
      count(r.id)::int as returns_in,
      coalesce(sum(p.commissioned_places), 0)::int as commissioned,
      coalesce(sum(r.places_filled), 0)::int as filled,
      coalesce(sum(r.waiting), 0)::int as waiting
    from srp_return_windows w
    left join srp_returns r on r.window_id = w.id and r.status = 'sent'
    left join resource_provision_places p on p.resource_provision_id = r.resource_provision_id and p.academic_year = w.academic_year
    where w.opens_on <= ${today}
    group by w.id
    order by w.academic_year desc, array_position(array['autumn', 'spring', 'summer'], w.term) desc
    limit ${terms}`.execute(db);
  return rows.rows.reverse().map((r) => {
    const w = { academicYear: r.academic_year, term: r.term };
    return { windowId: r.id, term: termLabel(w), shortTerm: termShortLabel(w), returnsIn: r.returns_in, commissioned: r.commissioned, filled: r.filled, waiting: r.waiting };
  });
}

export async function getProvisionOverview(db: DB, actor: Actor, now = new Date()): Promise<ProvisionOverview> {
  requirePermission(actor, "provision:manage");
  const today = londonToday(now);
  const window = (await currentWindow(db, today)) ?? null;
  const academicYear = window?.academicYear ?? academicYearOf(today);
  const [rows, trend, reminders] = await Promise.all([
    overviewRows(db, actor, window, academicYear),
    termTrend(db, today),
    window
      ? db
          .selectFrom("srp_return_reminders")
          .innerJoin("schools", "schools.id", "srp_return_reminders.school_id")
          .innerJoin("users", "users.id", "srp_return_reminders.sent_by")
          .select(["schools.id as school_id", "schools.name", "srp_return_reminders.sent_at", "srp_return_reminders.sent_on", "srp_return_reminders.recipients", "users.display_name"])
          .where("srp_return_reminders.window_id", "=", window.id)
          .orderBy("srp_return_reminders.sent_at", "desc")
          .limit(100)
          .execute()
      : Promise.resolve([]),
  ]);
  const remindedToday = new Set(reminders.filter((r) => r.sent_on === today).map((r) => r.school_id));
  const missingBySchool = new Map<number, { schoolId: number; school: string; urn: string; srps: string[]; remindedToday: boolean }>();
  for (const r of rows) {
    if (r.returnState === "sent") continue;
    const entry = missingBySchool.get(r.schoolId) ?? { schoolId: r.schoolId, school: r.school, urn: r.urn, srps: [], remindedToday: remindedToday.has(r.schoolId) };
    entry.srps.push(r.designationCode);
    missingBySchool.set(r.schoolId, entry);
  }
  return {
    window,
    academicYear,
    srps: rows,
    totals: group("all", "All SRPs", rows),
    byDesignation: groupBy(rows, (r) => r.designationCode, (r) => r.designation),
    byDistrict: groupBy(rows, (r) => r.districtCode, (r) => r.district),
    // The first of them by name (a page stays under 60 KB early in a term, when nearly every return is still to come);
    // the reminder goes to every one.
    missing: window ? [...missingBySchool.values()].sort((a, b) => a.school.localeCompare(b.school)).slice(0, MISSING_LISTED) : [],
    missingSchools: window ? missingBySchool.size : 0,
    reminders: reminders.map((r) => ({ school: r.name, sentAt: formatDateTime(r.sent_at), by: r.display_name, recipients: r.recipients })),
    flagged: rows.filter((r) => r.overCommissioned),
    trend,
  };
}
