import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { bankHolidays } from "../funding/casework/areas.server.ts";
import { workingDaysBetween } from "../funding/casework/service-level.ts";
import type { FundingStatus } from "../funding/funding.schema.ts";
import { monthlyPayments } from "../funding/tracker-figures.server.ts";
import { financialYearLabel, londonToday, monthsInPeriod } from "../financial-year.ts";
import { type CountTable, type DisclosureRule, type Published, type PublishedTable, SUPPRESSED, protect, protectTogether, smallestShown } from "./disclosure.server.ts";
import { percentile } from "./insight-export.server.ts";
import { disclosureRule } from "./rule.server.ts";
import { keptViews, stampOf } from "./kept.server.ts";

type DB = Kysely<Database>;

/**
 * The funding dashboard (issue 13): the requests for one financial year that reached the council, by district and
 * where they stand, and by the pupil's broad area of need; the money asked for and awarded; how long decisions
 * took against each scheme's target; awards against each scheme's budget; requests sent each month against the
 * same months a year before.
 *
 * Every count of requests is a count of children (one request is for one pupil, or a school's own), so every
 * table goes out through disclosure.server.ts (ADR 67), and every scheme's tables are protected together with all
 * schemes' (a scheme's requests are a part of all, links) and each status table with its need table (the same
 * requests by two classifications: ties). A sum of money is withheld exactly where the count of requests behind it
 * is (ADR 69): what protects the count protects the money summed over the same requests.
 */

export const STATUS_GROUPS: { key: string; label: string; statuses: FundingStatus[] }[] = [
  { key: "council", label: "With the council", statuses: ["submitted", "in_review"] },
  // Asked for more, or sent back again for the headteacher's sign-off.
  { key: "school", label: "Back with the school", statuses: ["more_information_needed", "draft", "awaiting_headteacher"] },
  { key: "awarded", label: "Awarded", statuses: ["approved", "partly_approved"] },
  { key: "declined", label: "Declined", statuses: ["declined"] },
  { key: "withdrawn", label: "Withdrawn", statuses: ["withdrawn"] },
];
const AWARDED_COLUMN = STATUS_GROUPS.findIndex((g) => g.key === "awarded");
const AWARDED: FundingStatus[] = ["approved", "partly_approved"];
const DECIDED: FundingStatus[] = ["approved", "partly_approved", "declined"];
/** A school's own request, for no one pupil: its column of the need table. */
export const NO_PUPIL = "No named pupil";
export const MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];

/** Sums of money, withheld ("c") where the requests behind them are. */
export type PublishedMoney = number | typeof SUPPRESSED;

export interface FundingBreakdown {
  /** Requests by district (or scheme) and status, and by district (or scheme) and need. */
  table: PublishedTable;
  need: PublishedTable;
  /** Each district's (or scheme's) money asked for and awarded, pence, and Kent's (last). */
  requestedPence: PublishedMoney[];
  awardedPence: PublishedMoney[];
}

export interface Timeliness {
  scheme: string;
  targetWorkingDays: number | null;
  /** Working days from sending to decision: withheld ("c") where fewer requests were decided than the rule allows. */
  median: number | typeof SUPPRESSED | null;
  p90: number | typeof SUPPRESSED | null;
  /** Per cent decided by their due date. */
  onTimePercent: number | typeof SUPPRESSED | null;
}

export interface SchemeBudgetLine {
  schemeId: number;
  scheme: string;
  budgetPence: number | null;
  version: number;
  awards: Published;
  awardedPence: PublishedMoney;
  /** Monthly payments due by the end of last month. */
  paidPence: PublishedMoney;
}

interface Counted {
  districts: { code: string; name: string; area: string }[];
  schemes: { id: number; name: string; target: number }[];
  areas: string[];
  rows: { district: string; schemeId: number; status: FundingStatus; area: string | null; n: number; requested: number; awarded: number }[];
  months: { year: number; month: string; n: number }[];
  decided: { schemeId: number; submitted: string; decided: string; dueOn: string | null }[];
  awards: { schemeId: number; awarded: number; start: string; end: string }[];
}

export interface FundingInsight {
  year: number;
  yearLabel: string;
  rule: DisclosureRule;
  computedAt: Date;
  counted: Counted;
  byDistrict: FundingBreakdown;
  byScheme: FundingBreakdown;
  timeliness: Timeliness[];
  months: { thisYear: PublishedTable; lastYear: PublishedTable };
  awards: PublishedTable;
  paidPence: PublishedMoney[];
  awardedPence: PublishedMoney[];
}

const LONDON_MONTH = sql<string>`to_char(r.submitted_at AT TIME ZONE 'Europe/London', 'YYYY-MM')`;
const londonDay = (at: Date | string) => londonToday(new Date(at));

async function counted(db: DB, year: number): Promise<Counted> {
  const [districts, schemes, areas, rows, months, decided, awards] = await Promise.all([
    db.selectFrom("districts").select(["code", "name", "area"]).orderBy("name").execute(),
    db.selectFrom("funding_schemes").select(["id", "name", "target_working_days as target"]).orderBy("sort_order").orderBy("name").execute(),
    db.selectFrom("need_areas").select("short_name").where("name", "in", db.selectFrom("sen_need_types").select("broad_area")).orderBy("sort_order").execute(),
    db
      .selectFrom("funding_requests as r")
      .innerJoin("schools as s", "s.id", "r.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .leftJoin("pupils as p", "p.id", "r.pupil_id")
      .leftJoin("sen_need_types as t", "t.code", "p.primary_need")
      .leftJoin("need_areas as a", "a.name", "t.broad_area")
      .select((eb) => [
        "d.code as district",
        "r.scheme_id as schemeId",
        "r.status",
        "a.short_name as area",
        eb.fn.countAll<number>().as("n"),
        eb.fn.coalesce(eb.fn.sum<number>("r.amount_requested_pence"), eb.lit(0)).as("requested"),
        eb.fn.coalesce(eb.fn.sum<number>(eb.case().when("r.status", "in", AWARDED).then(eb.ref("r.awarded_pence")).else(eb.lit(0)).end()), eb.lit(0)).as("awarded"),
      ])
      // Requests for the year that reached the council (a draft never sent is the school's own business).
      .where("r.financial_year", "=", year)
      .where("r.submitted_at", "is not", null)
      .groupBy(["d.code", "r.scheme_id", "r.status", "a.short_name"])
      .execute(),
    // Requests sent in each month of the year and the year before, by London's calendar.
    db
      .selectFrom("funding_requests as r")
      .innerJoin("schools as s", "s.id", "r.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .select((eb) => [LONDON_MONTH.as("month"), eb.fn.countAll<number>().as("n")])
      .where("r.submitted_at", ">=", sql<Date>`(${`${year - 1}-04-01`}::date)::timestamp AT TIME ZONE 'Europe/London'`)
      .where("r.submitted_at", "<", sql<Date>`(${`${year + 1}-04-01`}::date)::timestamp AT TIME ZONE 'Europe/London'`)
      .groupBy(LONDON_MONTH)
      .execute(),
    db
      .selectFrom("funding_requests as r")
      .innerJoin("schools as s", "s.id", "r.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .select(["r.scheme_id as schemeId", "r.submitted_at", "r.decided_at", "r.due_on"])
      .where("r.financial_year", "=", year)
      .where("r.status", "in", DECIDED)
      .where("r.submitted_at", "is not", null)
      .where("r.decided_at", "is not", null)
      .execute(),
    db
      .selectFrom("funding_requests as r")
      .innerJoin("schools as s", "s.id", "r.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .select((eb) => ["r.scheme_id as schemeId", "r.awarded_pence", eb.fn.coalesce("r.award_start", "r.period_start").as("start"), eb.fn.coalesce("r.award_end", "r.period_end").as("end")])
      .where("r.financial_year", "=", year)
      .where("r.status", "in", AWARDED)
      .where("r.awarded_pence", ">", 0)
      .execute(),
  ]);
  return {
    districts,
    schemes,
    areas: areas.map((a) => a.short_name),
    rows: rows.map((r) => ({ ...r, status: r.status as FundingStatus, n: Number(r.n), requested: Number(r.requested), awarded: Number(r.awarded) })),
    months: months.map((m) => {
      const [y, mm] = m.month.split("-").map(Number) as [number, number];
      return { year: mm >= 4 ? y : y - 1, month: MONTHS[(mm + 8) % 12]!, n: Number(m.n) };
    }),
    decided: decided.map((d) => ({ schemeId: d.schemeId, submitted: londonDay(d.submitted_at!), decided: londonDay(d.decided_at!), dueOn: d.due_on ? String(d.due_on).slice(0, 10) : null })),
    awards: awards.filter((a) => a.start && a.end).map((a) => ({ schemeId: a.schemeId, awarded: a.awarded_pence!, start: String(a.start).slice(0, 10), end: String(a.end).slice(0, 10) })),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A sum of money beside the counts behind it: withheld where the count is, 0 where nothing was counted. */
const moneyBeside = (count: Published, pence: number): PublishedMoney => (count === SUPPRESSED ? SUPPRESSED : pence);

async function protectAll(data: Counted, year: number, rule: DisclosureRule, holidays: ReadonlySet<string>, today: string): Promise<Omit<FundingInsight, "counted">> {
  const needColumns = [...data.areas, NO_PUPIL];
  type Row = Counted["rows"][number];
  const groups = [
    { rows: data.districts.map((d) => d.name), has: data.districts.map((d) => (r: Row) => r.district === d.code) },
    { rows: data.schemes.map((s) => s.name), has: data.schemes.map((s) => (r: Row) => r.schemeId === s.id) },
  ];
  const byStatus = (g: (typeof groups)[number]): CountTable => ({
    rows: g.rows,
    columns: STATUS_GROUPS.map((s) => s.label),
    cells: g.has.map((has) => STATUS_GROUPS.map((s) => sum(data.rows.filter((r) => has(r) && s.statuses.includes(r.status)).map((r) => r.n)))),
    wholeCounty: true,
  });
  const byNeed = (g: (typeof groups)[number]): CountTable => ({
    rows: g.rows,
    columns: needColumns,
    cells: g.has.map((has) => needColumns.map((column) => sum(data.rows.filter((r) => has(r) && (r.area ?? NO_PUPIL) === column).map((r) => r.n)))),
    wholeCounty: true,
  });
  // 0: districts by status, 1: districts by need, 2: schemes by status, 3: schemes by need. The same requests four
  // ways: a district's total is in 0 and 1, a status's in 0 and 2, a need's in 1 and 3, a scheme's in 2 and 3.
  const [district, scheme] = groups;
  const published = await protectTogether([byStatus(district!), byNeed(district!), byStatus(scheme!), byNeed(scheme!)], [], rule, [
    { a: 0, b: 1 },
    { a: 0, b: 2, aLines: "columns", bLines: "columns" },
    { a: 1, b: 3, aLines: "columns", bLines: "columns" },
    { a: 2, b: 3 },
  ]);
  const breakdown = (g: (typeof groups)[number], table: PublishedTable, need: PublishedTable): FundingBreakdown => {
    const requested = (has: (r: Row) => boolean) => sum(data.rows.filter(has).map((r) => r.requested));
    const awarded = (has: (r: Row) => boolean) => sum(data.rows.filter((r) => has(r) && AWARDED.includes(r.status)).map((r) => r.awarded));
    return {
      table,
      need,
      requestedPence: [...g.has.map((has, k) => moneyBeside(table.rowTotals![k]!, requested(has))), moneyBeside(table.total, requested(() => true))],
      awardedPence: [...g.has.map((has, k) => moneyBeside(table.cells[k]![AWARDED_COLUMN]!, awarded(has))), moneyBeside(table.columnTotals[AWARDED_COLUMN]!, awarded(() => true))],
    };
  };
  const byDistrict = breakdown(district!, published[0]!, published[1]!);
  const bySchemeBreakdown = breakdown(scheme!, published[2]!, published[3]!);
  const scopes: (number | null)[] = [null, ...data.schemes.map((s) => s.id)];

  // Times to decide: a median of fewer requests than the rule shows would be a figure about too few children.
  const timeliness: Timeliness[] = scopes.map((schemeId) => {
    const scheme = data.schemes.find((s) => s.id === schemeId);
    const decided = data.decided.filter((d) => schemeId === null || d.schemeId === schemeId);
    const days = decided.map((d) => workingDaysBetween(d.submitted, d.decided, holidays)).sort((a, b) => a - b);
    const none = days.length === 0;
    const few = days.length < smallestShown(rule);
    const onTime = decided.filter((d) => d.dueOn !== null && d.decided <= d.dueOn).length;
    return {
      scheme: scheme?.name ?? "Every scheme",
      targetWorkingDays: scheme?.target ?? null,
      median: none ? null : few ? SUPPRESSED : percentile(days, 50),
      p90: none ? null : few ? SUPPRESSED : percentile(days, 90),
      onTimePercent: none ? null : few ? SUPPRESSED : Math.round((onTime / days.length) * 100),
    };
  });

  // Each year's requests by the month they were sent: the county's own, its total always shown.
  const monthTable = (y: number): CountTable => ({
    rows: [financialYearLabel(y)],
    columns: MONTHS,
    cells: [MONTHS.map((m) => sum(data.months.filter((r) => r.year === y && r.month === m).map((r) => r.n)))],
    wholeCounty: true,
  });
  const [thisYear, lastYear] = await Promise.all([protect(monthTable(year), rule), protect(monthTable(year - 1), rule)]);

  // Awards for the year by scheme: the counts protected, the money beside them withheld where they are.
  const awardsTable = await protect(
    {
      rows: data.schemes.map((s) => s.name),
      columns: ["Awards"],
      cells: data.schemes.map((s) => [data.awards.filter((a) => a.schemeId === s.id).length]),
      wholeCounty: true,
    },
    rule,
  );
  const thisMonth = today.slice(0, 7);
  const paid = (a: Counted["awards"][number]) => {
    const months = monthsInPeriod(a.start, a.end);
    const { monthlyPence, lastMonthPence } = monthlyPayments(a.awarded, months);
    // Months of the period before this one: paid.
    const elapsed = Math.max(0, Math.min(months, monthsInPeriod(a.start, `${thisMonth}-01`) - 1));
    return elapsed === months ? monthlyPence * (months - 1) + lastMonthPence : monthlyPence * elapsed;
  };
  const schemeAwards = (id: number | null) => data.awards.filter((a) => id === null || a.schemeId === id);
  const withTotal = <T,>(per: (id: number | null) => T) => [...data.schemes.map((s) => per(s.id)), per(null)];
  const awardCount = (i: number) => (i < data.schemes.length ? awardsTable.cells[i]![0]! : awardsTable.total);
  return {
    year,
    yearLabel: financialYearLabel(year),
    rule,
    computedAt: new Date(),
    byDistrict,
    byScheme: bySchemeBreakdown,
    timeliness,
    months: { thisYear, lastYear },
    awards: awardsTable,
    awardedPence: withTotal((id) => sum(schemeAwards(id).map((a) => a.awarded))).map((pence, i) => moneyBeside(awardCount(i), pence)),
    paidPence: withTotal((id) => sum(schemeAwards(id).map(paid))).map((pence, i) => moneyBeside(awardCount(i), pence)),
  };
}

const kept = keptViews<FundingInsight>();


/**
 * The year's protected figures, kept until the requests, the schemes, the registers or the schools change, or the
 * month turns (what has been paid moves on).
 */
export async function fundingInsight(db: DB, actor: Actor, year: number, chosenRule?: DisclosureRule, now = new Date()): Promise<FundingInsight> {
  requirePermission(actor, "insight:view");
  // The council's rule unless a caller (the pack, holding one rule for all its parts; a test) gives one.
  const rule = chosenRule ?? (await disclosureRule(db));
  const today = londonToday(now);
  const stamp = `${today.slice(0, 7)}|${await stampOf(db, ["funding_requests", "funding_schemes", "pupils", "schools"])}`;
  return kept(db, `${year}|${JSON.stringify(rule)}`, stamp, async () => {
    const [data, holidays] = await Promise.all([counted(db, year), bankHolidays(db)]);
    return { counted: data, ...(await protectAll(data, year, rule, holidays, today)) };
  });
}

/** Each scheme's budget for the year as officers entered it (not a figure about pupils: read fresh). */
export async function schemeBudgets(db: DB, year: number) {
  const rows = await db.selectFrom("funding_scheme_budgets").select(["scheme_id", "budget_pence", "version"]).where("financial_year", "=", year).execute();
  return new Map(rows.map((r) => [r.scheme_id, { budgetPence: Number(r.budget_pence), version: r.version }]));
}
