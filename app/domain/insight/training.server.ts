import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { financialYearLabel } from "../financial-year.ts";
import { disclosureRule } from "./rule.server.ts";
import { keptViews, stampOf, type WatchedTable } from "./kept.server.ts";
import { type DisclosureRule, SUPPRESSED, smallestShown } from "./disclosure.server.ts";

type DB = Kysely<Database>;

/**
 * The training dashboard (issue 13): a financial year's published events by programme and by where they are held,
 * with places offered, booked, attended and waiting, and what attendees made of them. These are figures about
 * school staff, not pupils, so they are exact; but an average of a few evaluations would let a trainer read one
 * person's answer, so the evaluations' average is withheld ("c") over fewer than the rule's smallest count.
 */

export interface TrainingLine {
  name: string;
  events: number;
  places: number;
  booked: number;
  attended: number;
  waiting: number;
  evaluations: number;
  /** Average usefulness, 1 to 5, to one decimal place; withheld over too few evaluations, null over none. */
  usefulness: number | typeof SUPPRESSED | null;
}

export interface TrainingInsight {
  year: number;
  yearLabel: string;
  rule: DisclosureRule;
  byProgramme: TrainingLine[];
  byDistrict: TrainingLine[];
  kent: TrainingLine;
}

/** Events held online, with no venue district: their own line. */
export const ONLINE = "Online";

const LONDON = (day: string) => sql<Date>`(${day}::date)::timestamp AT TIME ZONE 'Europe/London'`;

const kept = keptViews<TrainingInsight>();
const WATCHED: WatchedTable[] = ["training_events", "training_bookings", "training_evaluations", "training_courses", "training_programmes"];

/**
 * Kept until the training tables change (ADRs 68, 71): counting a year's bookings and evaluations again on every
 * request cost 100-150 ms of the database's time at Kent's size (bench/README.md).
 */
export async function trainingInsight(db: DB, actor: Actor, year: number, chosenRule?: DisclosureRule): Promise<TrainingInsight> {
  requirePermission(actor, "insight:view");
  // The council's rule unless a caller (the pack, holding one rule for all its parts; a test) gives one.
  const rule = chosenRule ?? (await disclosureRule(db));
  return kept(db, `${year}:${JSON.stringify(rule)}`, await stampOf(db, WATCHED), () => countTraining(db, year, rule));
}

async function countTraining(db: DB, year: number, rule: DisclosureRule): Promise<TrainingInsight> {
  const rows = await db
    .selectFrom("training_events as e")
    .innerJoin("training_courses as c", "c.id", "e.course_id")
    .innerJoin("training_programmes as p", "p.id", "c.programme_id")
    .leftJoin("districts as d", "d.id", "e.district_id")
    .select((eb) => [
      "p.name as programme",
      "d.name as district",
      "e.places",
      eb.selectFrom("training_bookings as b").select((q) => q.fn.countAll<number>().as("n")).whereRef("b.event_id", "=", "e.id").where("b.status", "=", "booked").as("booked"),
      eb.selectFrom("training_bookings as b").select((q) => q.fn.countAll<number>().as("n")).whereRef("b.event_id", "=", "e.id").where("b.status", "=", "booked").where("b.attended", "=", true).as("attended"),
      eb.selectFrom("training_bookings as b").select((q) => q.fn.countAll<number>().as("n")).whereRef("b.event_id", "=", "e.id").where("b.status", "=", "waiting").as("waiting"),
      eb.selectFrom("training_evaluations as v").select((q) => q.fn.countAll<number>().as("n")).whereRef("v.event_id", "=", "e.id").as("evaluations"),
      eb.selectFrom("training_evaluations as v").select((q) => q.fn.coalesce(q.fn.sum<number>("v.usefulness"), q.lit(0)).as("n")).whereRef("v.event_id", "=", "e.id").as("usefulness"),
    ])
    .where("e.status", "=", "published")
    .where("e.starts_at", ">=", LONDON(`${year}-04-01`))
    .where("e.starts_at", "<", LONDON(`${year + 1}-04-01`))
    .execute();
  const events = rows.map((r) => ({
    programme: r.programme,
    district: r.district ?? ONLINE,
    places: r.places,
    booked: Number(r.booked ?? 0),
    attended: Number(r.attended ?? 0),
    waiting: Number(r.waiting ?? 0),
    evaluations: Number(r.evaluations ?? 0),
    usefulness: Number(r.usefulness ?? 0),
  }));
  const line = (name: string, of: typeof events): TrainingLine => {
    const sum = (pick: (e: (typeof events)[number]) => number) => of.reduce((n, e) => n + pick(e), 0);
    const evaluations = sum((e) => e.evaluations);
    return {
      name,
      events: of.length,
      places: sum((e) => e.places),
      booked: sum((e) => e.booked),
      attended: sum((e) => e.attended),
      waiting: sum((e) => e.waiting),
      evaluations,
      usefulness: evaluations === 0 ? null : evaluations < smallestShown(rule) ? SUPPRESSED : Math.round((sum((e) => e.usefulness) / evaluations) * 10) / 10,
    };
  };
  const [programmes, districts] = await Promise.all([
    db.selectFrom("training_programmes").select("name").orderBy("sort_order").orderBy("name").execute(),
    db.selectFrom("districts").select("name").orderBy("name").execute(),
  ]);
  return {
    year,
    yearLabel: financialYearLabel(year),
    rule,
    byProgramme: programmes.map((p) => line(p.name, events.filter((e) => e.programme === p.name))),
    byDistrict: [...districts.map((d) => d.name), ONLINE].map((name) => line(name, events.filter((e) => e.district === name))),
    kent: line("Kent", events),
  };
}
