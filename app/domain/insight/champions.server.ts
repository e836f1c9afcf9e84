import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { AgreedActions, ChampionVisits, Database } from "../../../db/types.ts";
import { type Actor, can, notFound, requirePermission } from "../access/access.server.ts";
import { championVisitInReach, schoolRowInReach } from "../access/scopes.server.ts";
import { financialYearLabel, londonToday } from "../financial-year.ts";
import { keptViews, stampOf, type WatchedTable } from "./kept.server.ts";

type DB = Kysely<Database>;

/**
 * The Inclusion Champions dashboard (issue 13): a financial year's published visits, by focus area and by the
 * school's district, with the actions agreed at them and where those stand today (open, overdue, done). Visits and
 * actions are about schools, not pupils: the figures are exact. A visit can look at several focus areas, so the
 * focus areas' figures add up to more than Kent's.
 */

export interface ChampionLine {
  name: string;
  visits: number;
  schools: number;
  actions: number;
  open: number;
  overdue: number;
  done: number;
}

export interface ChampionsInsight {
  year: number;
  yearLabel: string;
  byFocus: ChampionLine[];
  byDistrict: ChampionLine[];
  kent: ChampionLine;
}

type Counts = { visits: number; schools: number; actions: number; open: number; overdue: number; done: number };

/**
 * Counted by the database, one statement per breakdown (the year's visits with their actions joined): at Kent's
 * size reading every action into the process and filtering it there cost over 100 ms of CPU a request (ADR 73).
 */
const kept = keptViews<ChampionsInsight>();
const WATCHED: WatchedTable[] = ["champion_visits", "champion_visit_focus_areas", "agreed_actions", "schools"];

/** Kept until the visits or their actions change, or the day does (what is overdue moves with it): ADRs 68, 71. */
export async function championsInsight(db: DB, actor: Actor, year: number, now = new Date()): Promise<ChampionsInsight> {
  // Officers, and champions for the comparison beside their own schools (championsOfSchools).
  if (!can(actor, "insight:view") && !can(actor, "insight:schools")) notFound();
  const today = londonToday(now);
  return kept(db, `${year}:${today}`, await stampOf(db, WATCHED), () => countChampions(db, year, today));
}

/** What each line counts: visits, the schools visited, and the actions agreed at them as they stand `today`. */
const countsOf = (today: string) => (eb: ExpressionBuilder<{ champion_visits: ChampionVisits; a: AgreedActions }, "champion_visits" | "a">) =>
  [
    sql<number>`count(DISTINCT ${eb.ref("champion_visits.id")})::int`.as("visits"),
    sql<number>`count(DISTINCT ${eb.ref("champion_visits.school_id")})::int`.as("schools"),
    sql<number>`count(${eb.ref("a.id")})::int`.as("actions"),
    sql<number>`(count(*) FILTER (WHERE ${eb.ref("a.status")} = 'open'))::int`.as("open"),
    sql<number>`(count(*) FILTER (WHERE ${eb.ref("a.status")} = 'open' AND ${eb.ref("a.due_on")} < ${today}::date))::int`.as("overdue"),
    sql<number>`(count(*) FILTER (WHERE ${eb.ref("a.status")} = 'done'))::int`.as("done"),
  ] as const;

/** The year's published visits with their actions joined: every school's, or those the actor reaches (`reach`). */
function visitsOf(db: DB, year: number, reach?: Actor) {
  const visits = db
    .selectFrom("champion_visits")
    .leftJoin("agreed_actions as a", "a.champion_visit_id", "champion_visits.id")
    .where("champion_visits.status", "=", "published")
    .where("champion_visits.visited_on", ">=", `${year}-04-01`)
    .where("champion_visits.visited_on", "<", `${year + 1}-04-01`);
  return reach ? visits.where(championVisitInReach(reach)) : visits;
}

const NONE: Counts = { visits: 0, schools: 0, actions: 0, open: 0, overdue: 0, done: 0 };
function line(name: string, c: Counts | undefined): ChampionLine {
  const { visits, schools, actions, open, overdue, done } = c ?? NONE;
  return { name, visits, schools, actions, open, overdue, done };
}

/** The visits' lines by focus area, every area in the council's order (a visit can look at several). */
async function focusLines(db: DB, visits: ReturnType<typeof visitsOf>, today: string): Promise<ChampionLine[]> {
  const counts = countsOf(today);
  const [byFocus, areas] = await Promise.all([
    visits
      .innerJoin("champion_visit_focus_areas as f", "f.champion_visit_id", "champion_visits.id")
      .select((eb) => ["f.focus_area as key", ...counts(eb)])
      .groupBy("f.focus_area")
      .execute(),
    db.selectFrom("champion_focus_areas").select(["code", "label"]).orderBy("sort_order").execute(),
  ]);
  const focusCounts = new Map(byFocus.map((r) => [r.key, r]));
  return areas.map((a) => line(a.label, focusCounts.get(a.code)));
}

async function countChampions(db: DB, year: number, today: string): Promise<ChampionsInsight> {
  const counts = countsOf(today);
  const visits = visitsOf(db, year);
  const [byDistrict, byFocus, kent, districts] = await Promise.all([
    visits
      .innerJoin("schools as s", "s.id", "champion_visits.school_id")
      .select((eb) => ["s.district_id as key", ...counts(eb)])
      .groupBy("s.district_id")
      .execute(),
    focusLines(db, visits, today),
    visits.select((eb) => counts(eb)).executeTakeFirstOrThrow(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").execute(),
  ]);
  const districtCounts = new Map(byDistrict.map((r) => [r.key, r]));
  return {
    year,
    yearLabel: financialYearLabel(year),
    byFocus,
    byDistrict: districts.map((d) => line(d.name, districtCounts.get(d.id))),
    kent: line("Kent", kent),
  };
}

export interface ChampionsOfSchools {
  year: number;
  yearLabel: string;
  /** The champion's schools' visits by focus area, and all of them. */
  byFocus: ChampionLine[];
  yours: ChampionLine;
  /** Each of the champion's schools, visited or not. */
  bySchool: ChampionLine[];
  /** Their schools beside the districts they are in and Kent (the council's figures). */
  comparison: ChampionLine[];
}

/**
 * An Inclusion Champion's view (issue 13's scoped views, ADR 77): the year's published visits to the schools they
 * are assigned to, by anyone, by focus area and by school, beside the districts those schools are in and Kent.
 * Visits and actions are staff records, not figures about pupils: exact, as the council's are.
 */
export async function championsOfSchools(db: DB, actor: Actor, year: number, now = new Date()): Promise<ChampionsOfSchools> {
  requirePermission(actor, "insight:schools");
  const today = londonToday(now);
  const counts = countsOf(today);
  const visits = visitsOf(db, year, actor);
  const [county, bySchool, byFocus, yours, schools] = await Promise.all([
    championsInsight(db, actor, year, now),
    visits.select((eb) => ["champion_visits.school_id as key", ...counts(eb)]).groupBy("champion_visits.school_id").execute(),
    focusLines(db, visits, today),
    visits.select((eb) => counts(eb)).executeTakeFirstOrThrow(),
    db
      .selectFrom("schools")
      .leftJoin("districts", "districts.id", "schools.district_id")
      .select(["schools.id", "schools.name", "districts.name as district"])
      .where(schoolRowInReach(actor))
      .orderBy("schools.name")
      .execute(),
  ]);
  const schoolCounts = new Map(bySchool.map((r) => [r.key, r]));
  const districts = new Set(schools.flatMap((s) => (s.district ? [s.district] : [])));
  return {
    year,
    yearLabel: financialYearLabel(year),
    byFocus,
    yours: line("Your schools", yours),
    bySchool: schools.map((s) => line(s.name, schoolCounts.get(s.id))),
    comparison: [line("Your schools", yours), ...county.byDistrict.filter((d) => districts.has(d.name)), county.kent],
  };
}
