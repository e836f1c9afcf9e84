import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { AgreedActions, ChampionVisits, Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
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
  requirePermission(actor, "insight:view");
  const today = londonToday(now);
  return kept(db, `${year}:${today}`, await stampOf(db, WATCHED), () => countChampions(db, year, today));
}

async function countChampions(db: DB, year: number, today: string): Promise<ChampionsInsight> {
  const counts = (eb: ExpressionBuilder<{ v: ChampionVisits; a: AgreedActions }, "v" | "a">) =>
    [
      sql<number>`count(DISTINCT ${eb.ref("v.id")})::int`.as("visits"),
      sql<number>`count(DISTINCT ${eb.ref("v.school_id")})::int`.as("schools"),
      sql<number>`count(${eb.ref("a.id")})::int`.as("actions"),
      sql<number>`(count(*) FILTER (WHERE ${eb.ref("a.status")} = 'open'))::int`.as("open"),
      sql<number>`(count(*) FILTER (WHERE ${eb.ref("a.status")} = 'open' AND ${eb.ref("a.due_on")} < ${today}::date))::int`.as("overdue"),
      sql<number>`(count(*) FILTER (WHERE ${eb.ref("a.status")} = 'done'))::int`.as("done"),
    ] as const;
  const visits = db
    .selectFrom("champion_visits as v")
    .leftJoin("agreed_actions as a", "a.champion_visit_id", "v.id")
    .where("v.status", "=", "published")
    .where("v.visited_on", ">=", `${year}-04-01`)
    .where("v.visited_on", "<", `${year + 1}-04-01`);
  const [byDistrict, byFocus, kent, areas, districts] = await Promise.all([
    visits
      .innerJoin("schools as s", "s.id", "v.school_id")
      .select((eb) => ["s.district_id as key", ...counts(eb)])
      .groupBy("s.district_id")
      .execute(),
    visits
      .innerJoin("champion_visit_focus_areas as f", "f.champion_visit_id", "v.id")
      .select((eb) => ["f.focus_area as key", ...counts(eb)])
      .groupBy("f.focus_area")
      .execute(),
    visits.select((eb) => counts(eb)).executeTakeFirstOrThrow(),
    db.selectFrom("champion_focus_areas").select(["code", "label"]).orderBy("sort_order").execute(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").execute(),
  ]);
  const none: Counts = { visits: 0, schools: 0, actions: 0, open: 0, overdue: 0, done: 0 };
  const line = (name: string, c: Counts | undefined): ChampionLine => {
    const { visits, schools, actions, open, overdue, done } = c ?? none;
    return { name, visits, schools, actions, open, overdue, done };
  };
  const districtCounts = new Map(byDistrict.map((r) => [r.key, r]));
  const focusCounts = new Map(byFocus.map((r) => [r.key, r]));
  return {
    year,
    yearLabel: financialYearLabel(year),
    byFocus: areas.map((a) => line(a.label, focusCounts.get(a.code))),
    byDistrict: districts.map((d) => line(d.name, districtCounts.get(d.id))),
    kent: line("Kent", kent),
  };
}
