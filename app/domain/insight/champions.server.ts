import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { financialYearLabel, londonToday } from "../financial-year.ts";

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

export async function championsInsight(db: DB, actor: Actor, year: number, now = new Date()): Promise<ChampionsInsight> {
  requirePermission(actor, "insight:view");
  const today = londonToday(now);
  const [visits, focus, actions, areas, districts] = await Promise.all([
    db
      .selectFrom("champion_visits as v")
      .innerJoin("schools as s", "s.id", "v.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .select(["v.id", "v.school_id", "d.name as district"])
      .where("v.status", "=", "published")
      .where("v.visited_on", ">=", `${year}-04-01`)
      .where("v.visited_on", "<", `${year + 1}-04-01`)
      .execute(),
    db.selectFrom("champion_visit_focus_areas").select(["champion_visit_id", "focus_area"]).execute(),
    db.selectFrom("agreed_actions").select(["champion_visit_id", "status", "due_on"]).execute(),
    db.selectFrom("champion_focus_areas").select(["code", "label"]).orderBy("sort_order").execute(),
    db.selectFrom("districts").select("name").orderBy("name").execute(),
  ]);
  const line = (name: string, of: typeof visits): ChampionLine => {
    const ids = new Set(of.map((v) => v.id));
    const agreed = actions.filter((a) => ids.has(a.champion_visit_id));
    const open = agreed.filter((a) => a.status === "open");
    return {
      name,
      visits: of.length,
      schools: new Set(of.map((v) => v.school_id)).size,
      actions: agreed.length,
      open: open.length,
      overdue: open.filter((a) => a.due_on !== null && String(a.due_on).slice(0, 10) < today).length,
      done: agreed.filter((a) => a.status === "done").length,
    };
  };
  const withFocus = (code: string) => {
    const ids = new Set(focus.filter((f) => f.focus_area === code).map((f) => f.champion_visit_id));
    return visits.filter((v) => ids.has(v.id));
  };
  return {
    year,
    yearLabel: financialYearLabel(year),
    byFocus: areas.map((a) => line(a.label, withFocus(a.code))),
    byDistrict: districts.map((d) => line(d.name, visits.filter((v) => v.district === d.name))),
    kent: line("Kent", visits),
  };
}
