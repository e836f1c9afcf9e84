import { type Kysely, sql } from "kysely";
import type { Database } from "../../../../db/types.ts";
import { usersWithRole } from "../../notifications/notify.server.ts";
import { inCouncilOrder } from "../../schools/council-areas.ts";
import { addWorkingDays } from "./service-level.ts";

/**
 * Officers work by area (ADR 30): each council officer works in one or more of the council's areas (North, South,
 * East, West; a district's area is `districts.area`), is told of requests from schools in those areas, and takes
 * (is assigned) requests of those areas. And the data the service levels need: the bank holidays, a scheme's target.
 */

type DB = Kysely<Database>;

export interface Officer {
  id: number;
  name: string;
}

/** The area a school's district sits in. */
export async function areaOfSchool(db: DB, schoolId: number): Promise<string> {
  const row = await db
    .selectFrom("schools")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select("districts.area")
    .where("schools.id", "=", schoolId)
    .executeTakeFirstOrThrow();
  return row.area;
}

/** The areas an officer works in, in the council's order (the admin's user page reads them here too). */
export async function areasOf(db: DB, userId: number): Promise<string[]> {
  const rows = await db.selectFrom("officer_areas").select("area").where("user_id", "=", userId).execute();
  return inCouncilOrder(rows.map((r) => r.area));
}

/** Active council officers who work in `area`, by name. */
export async function officersOfArea(db: DB, area: string): Promise<Officer[]> {
  const rows = await db
    .selectFrom("officer_areas")
    .innerJoin("users", "users.id", "officer_areas.user_id")
    .select(["users.id", "users.display_name"])
    .where("officer_areas.area", "=", area)
    .where("users.active", "=", true)
    .where((eb) => eb.exists(eb.selectFrom("memberships").select("memberships.id").whereRef("memberships.user_id", "=", "users.id").where("memberships.role", "=", "council_officer")))
    .orderBy("users.display_name")
    .orderBy("users.id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/**
 * Who of the council is told of a request from this school: the officers of its area. If nobody works in that
 * area (an area not yet staffed), every officer, so that no request waits unseen.
 */
export async function officersToldOf(db: DB, schoolId: number): Promise<number[]> {
  const ofArea = await officersOfArea(db, await areaOfSchool(db, schoolId));
  return ofArea.length > 0 ? ofArea.map((o) => o.id) : usersWithRole(db, "council_officer");
}

/** The bank holidays the council keeps (bank_holidays), as the working-day rule takes them. */
export async function bankHolidays(db: DB): Promise<Set<string>> {
  const rows = await db.selectFrom("bank_holidays").select("day").execute();
  return new Set(rows.map((r) => String(r.day).slice(0, 10)));
}

/**
 * The bank holidays and the areas an officer works in, read together (one statement instead of two: every queue page
 * and the officer's home need both, and a page's cost is mostly its statements; bench/README.md).
 */
export async function holidaysAndAreas(db: DB, userId: number): Promise<{ holidays: Set<string>; areas: string[] }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.fn.coalesce(eb.selectFrom("bank_holidays").select(sql<string[]>`array_agg(day::text)`.as("days")), sql<string[]>`'{}'::text[]`).as("days"),
      eb.fn.coalesce(eb.selectFrom("officer_areas").select(sql<string[]>`array_agg(area)`.as("areas")).where("user_id", "=", userId), sql<string[]>`'{}'::text[]`).as("areas"),
    ])
    .executeTakeFirstOrThrow();
  return { holidays: new Set(row.days.map((d) => String(d).slice(0, 10))), areas: inCouncilOrder(row.areas) };
}

/** A request's due date when signed off on `submittedOn` (a London day): its scheme's target in working days on. */
export async function dueOnFor(db: DB, schemeId: number, submittedOn: string): Promise<string> {
  const scheme = await db.selectFrom("funding_schemes").select("target_working_days").where("id", "=", schemeId).executeTakeFirstOrThrow();
  return addWorkingDays(submittedOn, scheme.target_working_days, await bankHolidays(db));
}

/** The officer a request is assigned to now (after an assignment's write: the one just assigned), if any. */
export async function assigneeOf(db: DB, requestId: number): Promise<number[]> {
  const row = await db.selectFrom("funding_requests").select("assigned_to").where("id", "=", requestId).executeTakeFirst();
  return row?.assigned_to ? [row.assigned_to] : [];
}
