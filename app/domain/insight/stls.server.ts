import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can, notFound } from "../access/access.server.ts";
import { financialYearLabel, londonToday } from "../financial-year.ts";
import { OUTCOME_KINDS, OUTCOME_KIND_LABELS } from "../stls/referrals.workflow.ts";
import { type CountTable, type DisclosureRule, type PublishedTable, SUPPRESSED, protectTogether, smallestShown } from "./disclosure.server.ts";
import { percentile } from "./insight-export.server.ts";
import { disclosureRule } from "./rule.server.ts";
import { keptViews, stampOf } from "./kept.server.ts";

type DB = Kysely<Database>;

/**
 * The STLS dashboard (issue 13): referrals sent to LIFT in a financial year, by district and discipline, by district
 * and what LIFT decided, and by discipline and what LIFT decided; and how long pupils waited from the referral to
 * the specialist teacher's first visit. A referral is for one pupil, so every count is a count of children: the three
 * tables are the same referrals three ways and are protected together, each shared total tied (ADR 69).
 */

/** Where a referral stands: waiting for LIFT, LIFT's latest outcome, or withdrawn. */
export const REFERRAL_STATES = [
  { key: "waiting", label: "Waiting for LIFT" },
  ...OUTCOME_KINDS.map((kind) => ({ key: kind, label: OUTCOME_KIND_LABELS[kind] })),
  { key: "withdrawn", label: "Withdrawn" },
];

export interface Waiting {
  discipline: string;
  /** Days from the referral being sent to the first visit: withheld ("c") over fewer pupils than the rule shows. */
  median: number | typeof SUPPRESSED | null;
  p90: number | typeof SUPPRESSED | null;
}

export interface Counted {
  districts: { code: string; name: string; area: string }[];
  disciplines: string[];
  referrals: { district: string; discipline: string; state: string; sentOn: string; firstVisitOn: string | null }[];
}

export interface StlsInsight {
  year: number;
  yearLabel: string;
  rule: DisclosureRule;
  computedAt: Date;
  counted: Counted;
  byDiscipline: PublishedTable;
  byOutcome: PublishedTable;
  disciplineOutcome: PublishedTable;
  waiting: Waiting[];
}

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const LONDON = (column: string) => sql<Date>`(${column}::date)::timestamp AT TIME ZONE 'Europe/London'`;

async function counted(db: DB, year: number, now: Date): Promise<Counted> {
  const [districts, disciplines, rows] = await Promise.all([
    db.selectFrom("districts").select(["code", "name", "area"]).orderBy("name").execute(),
    db.selectFrom("stls_disciplines").select("name").orderBy("sort_order").orderBy("name").execute(),
    db
      .selectFrom("lift_referrals as r")
      .innerJoin("schools as s", "s.id", "r.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .select((eb) => [
        "d.code as district",
        "r.discipline",
        "r.status",
        "r.sent_at",
        // LIFT's latest outcome for the referral (one a meeting; a deferred one is followed by the next meeting's).
        eb
          .selectFrom("lift_outcomes as o")
          .select("o.kind")
          .whereRef("o.lift_referral_id", "=", "r.id")
          .orderBy("o.recorded_at", "desc")
          .orderBy("o.id", "desc")
          .limit(1)
          .as("kind"),
        // The first visit of any involvement LIFT allocated, held or booked, that has begun by now.
        eb
          .selectFrom("lift_outcomes as o")
          .innerJoin("stls_visits as v", "v.involvement_id", "o.id")
          .innerJoin("stls_slots as sl", "sl.id", "v.slot_id")
          .select((q) => q.fn.min("sl.starts_at").as("first"))
          .whereRef("o.lift_referral_id", "=", "r.id")
          .where("v.status", "<>", "cancelled")
          .where("sl.starts_at", "<=", now)
          .as("firstVisit"),
      ])
      .where("r.sent_at", ">=", LONDON(`${year}-04-01`))
      .where("r.sent_at", "<", LONDON(`${year + 1}-04-01`))
      .execute(),
  ]);
  return {
    districts,
    disciplines: disciplines.map((d) => d.name),
    referrals: rows
      .filter((r) => r.discipline !== null && r.sent_at !== null)
      .map((r) => ({
        district: r.district,
        discipline: r.discipline!,
        state: r.status === "withdrawn" ? "withdrawn" : r.kind && (OUTCOME_KINDS as readonly string[]).includes(r.kind) ? r.kind : "waiting",
        sentOn: londonToday(new Date(r.sent_at!)),
        firstVisitOn: r.firstVisit ? londonToday(new Date(r.firstVisit as Date | string)) : null,
      })),
  };
}

/**
 * Days from the referral being sent to the first visit, every discipline's and each one's: a median and 90th
 * percentile, withheld ("c") over fewer pupils than the rule shows.
 */
export function waitingOf(referrals: Counted["referrals"], disciplines: string[], rule: DisclosureRule): Waiting[] {
  return [null, ...disciplines].map((discipline) => {
    const days = referrals
      .filter((r) => r.firstVisitOn !== null && (discipline === null || r.discipline === discipline))
      .map((r) => daysBetween(r.sentOn, r.firstVisitOn!))
      .sort((a, b) => a - b);
    const withheld = days.length < smallestShown(rule);
    return {
      discipline: discipline ?? "Every discipline",
      median: days.length === 0 ? null : withheld ? SUPPRESSED : percentile(days, 50),
      p90: days.length === 0 ? null : withheld ? SUPPRESSED : percentile(days, 90),
    };
  });
}

async function protectAll(data: Counted, year: number, rule: DisclosureRule): Promise<Omit<StlsInsight, "counted">> {
  const count = (has: (r: Counted["referrals"][number]) => boolean) => data.referrals.filter(has).length;
  const table = (rows: string[], columns: string[], cell: (i: number, j: number) => number): CountTable => ({
    rows,
    columns,
    cells: rows.map((_, i) => columns.map((_, j) => cell(i, j))),
    wholeCounty: true,
  });
  const states = REFERRAL_STATES;
  // 0: districts by discipline, 1: districts by outcome, 2: disciplines by outcome. A district's total is in 0 and
  // 1, a discipline's in 0 (its column) and 2 (its row), an outcome's in 1 and 2 (their columns).
  const [byDiscipline, byOutcome, disciplineOutcome] = await protectTogether(
    [
      table(data.districts.map((d) => d.name), data.disciplines, (i, j) => count((r) => r.district === data.districts[i]!.code && r.discipline === data.disciplines[j])),
      table(data.districts.map((d) => d.name), states.map((s) => s.label), (i, j) => count((r) => r.district === data.districts[i]!.code && r.state === states[j]!.key)),
      table(data.disciplines, states.map((s) => s.label), (i, j) => count((r) => r.discipline === data.disciplines[i] && r.state === states[j]!.key)),
    ],
    [],
    rule,
    [
      { a: 0, b: 1 },
      { a: 0, b: 2, aLines: "columns", bLines: "rows" },
      { a: 1, b: 2, aLines: "columns", bLines: "columns" },
    ],
  );
  const waiting = waitingOf(data.referrals, data.disciplines, rule);
  return { year, yearLabel: financialYearLabel(year), rule, computedAt: new Date(), byDiscipline: byDiscipline!, byOutcome: byOutcome!, disciplineOutcome: disciplineOutcome!, waiting };
}

const kept = keptViews<StlsInsight>();

/** The year's protected figures, kept until referrals, outcomes, visits or schools change, or the day turns. */
export async function stlsInsight(db: DB, actor: Actor, year: number, chosenRule?: DisclosureRule, now = new Date()): Promise<StlsInsight> {
  // Officers, and a district's specialist teachers for their district's view (stls-district.server.ts).
  if (!can(actor, "insight:view") && !can(actor, "insight:district")) notFound();
  // The council's rule unless a caller (the pack, holding one rule for all its parts; a test) gives one.
  const rule = chosenRule ?? (await disclosureRule(db));
  const stamp = `${londonToday(now)}|${await stampOf(db, ["lift_referrals", "lift_outcomes", "stls_visits", "schools"])}`;
  return kept(db, `${year}|${JSON.stringify(rule)}`, stamp, async () => {
    const data = await counted(db, year, now);
    return { counted: data, ...(await protectAll(data, year, rule)) };
  });
}
