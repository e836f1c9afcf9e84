import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { type AuditEntry, withAuditRow } from "../audit/audit.server.ts";
import { currentFinancialYear, financialYearLabel, monthsInPeriod } from "../financial-year.ts";

type DB = Kysely<Database>;
type Executor = Kysely<Database> | Transaction<Database>;

/** Awards listed per page of the tracker. */
export const TRACKER_AWARDS_PAGE_SIZE = 50;

// What each figure counts, by the request's status (funding_requests.status).
/** Decided with money: awarded_pence holds the current decision (a correction updates it). */
const AWARDED = ["approved", "partly_approved"];
/** Still to be decided: with the headteacher, or with the council. */
const PENDING = ["awaiting_headteacher", "submitted", "in_review", "more_information_needed"];
/** Never reached the council, or taken back: not counted as requested. */
const NOT_SENT = ["draft", "awaiting_headteacher", "withdrawn"];

export interface SchemeTotals {
  schemeId: number;
  scheme: string;
  awardedPence: number;
  requestedPence: number;
  pendingPence: number;
}

export interface PupilAward {
  reference: string;
  /** "First Last", or null for a school-level award with no named pupil. */
  pupil: string | null;
  scheme: string;
  start: string;
  end: string;
  months: number;
  amountPence: number;
  /** Paid each month but the last; see monthlyPayments. */
  monthlyPence: number;
  lastMonthPence: number;
}

export interface Tracker {
  school: { urn: string; name: string };
  year: number;
  yearLabel: string;
  /** The years the tracker covers: the current financial year, then the previous one. */
  years: { year: number; label: string; current: boolean }[];
  schemes: SchemeTotals[];
  totals: { awardedPence: number; requestedPence: number; pendingPence: number };
  awards: PupilAward[];
  budget: {
    /** The notional SEN budget the school entered for the year, or null when it has not. */
    notionalPence: number | null;
    /** The budget row's version (0: no row yet), for the version-checked form. */
    version: number;
    /** Pupils with an award under a scheme where the school's contribution applies. */
    contributionPupils: number;
    contributionsPence: number;
    /** Budget less contributions (negative: the contributions exceed the budget); null without a budget. */
    remainingPence: number | null;
  };
}

/**
 * An award split into monthly payments in whole pence: every month is paid the amount divided by the months
 * the period touches, rounded down, and the last month also gets what rounding left over (fewer pence than
 * there are months), so the payments add up to the award exactly. £10,000 over 7 months: six payments of
 * £1,428.57 and a last one of £1,428.58.
 */
export function monthlyPayments(amountPence: number, months: number): { monthlyPence: number; lastMonthPence: number } {
  const count = Math.max(1, months);
  const monthlyPence = Math.floor(amountPence / count);
  return { monthlyPence, lastMonthPence: amountPence - monthlyPence * (count - 1) };
}

export function trackerYears(now: Date = new Date()): number[] {
  const current = currentFinancialYear(now);
  return [current, current - 1];
}

/** The year asked for (default: the current one), or 404 for any year the tracker does not cover. */
export function resolveYear(requested: string | null | undefined): number {
  const years = trackerYears();
  if (requested === null || requested === undefined || requested === "") return years[0]!;
  const year = Number(requested);
  if (!/^\d{4}$/.test(requested) || !years.includes(year)) notFound();
  return year;
}

/** The headteacher's own school: the tracker never takes a school from the request. */
export function trackerSchoolOf(actor: Actor): number {
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  return schoolId;
}

/**
 * Every figure for one school and year but the list of awards, in one query scoped to the school in SQL: the
 * requests summed by scheme, joined to the school, its budget, the contributions it carries and the number of
 * awards (one row per scheme, or a single row with no scheme when there is nothing to show).
 */
async function loadTotals(db: Executor, schoolId: number, year: number): Promise<Omit<Tracker, "years" | "awards"> & { awardCount: number }> {
  const rows = await db
    .with("requests", (qb) =>
      qb
        .selectFrom("funding_requests")
        .select(["id", "scheme_id", "pupil_id", "status", "amount_requested_pence", "awarded_pence"])
        .where("school_id", "=", schoolId)
        .where("financial_year", "=", year),
    )
    // The school meets the first part of each pupil's support once, however many awards the pupil has: per
    // pupil, the largest contribution among the schemes of their awards where a contribution applies.
    .with("carried", (qb) =>
      qb
        .selectFrom("requests as r")
        .innerJoin("funding_schemes as s", "s.id", "r.scheme_id")
        .select((eb) => ["r.pupil_id", eb.fn.max("s.school_contribution_pence").as("contribution_pence")])
        .where("r.status", "in", AWARDED)
        .where("r.awarded_pence", ">", 0)
        .where("r.pupil_id", "is not", null)
        .where("s.school_contribution_applies", "=", true)
        .groupBy("r.pupil_id"),
    )
    .with("contributions", (qb) =>
      qb
        .selectFrom("carried")
        .select((eb) => [
          eb.fn.countAll<number>().as("pupils"),
          eb.fn.coalesce(eb.fn.sum<number>("contribution_pence"), eb.lit(0)).as("pence"),
        ]),
    )
    // Every active scheme (a row of zeros says "nothing yet"), and a retired one while it has figures.
    .with("by_scheme", (qb) =>
      qb
        .selectFrom("funding_schemes as s")
        .leftJoin("requests as r", "r.scheme_id", "s.id")
        .select((eb) => [
          "s.id",
          "s.name",
          "s.sort_order",
          eb.fn.coalesce(eb.fn.sum<number>("r.awarded_pence").filterWhere("r.status", "in", AWARDED), eb.lit(0)).as("awarded_pence"),
          eb.fn
            .coalesce(eb.fn.sum<number>("r.amount_requested_pence").filterWhere("r.status", "not in", NOT_SENT), eb.lit(0))
            .as("requested_pence"),
          eb.fn.coalesce(eb.fn.sum<number>("r.amount_requested_pence").filterWhere("r.status", "in", PENDING), eb.lit(0)).as("pending_pence"),
        ])
        .groupBy("s.id")
        .having((eb) =>
          eb.or([eb("s.active", "=", true), eb(eb.fn.count("r.id").filterWhere("r.status", "not in", ["draft", "withdrawn"]), ">", 0)]),
        ),
    )
    // As many as the awards query below lists: decided with money.
    .with("awarded", (qb) =>
      qb
        .selectFrom("requests as r")
        .select((eb) => eb.fn.countAll<number>().as("awards"))
        .where("r.status", "in", AWARDED)
        .where("r.awarded_pence", ">", 0),
    )
    .selectFrom("schools as school")
    .crossJoin("contributions as c")
    .crossJoin("awarded as a")
    .leftJoin("school_sen_budgets as b", (join) => join.onRef("b.school_id", "=", "school.id").on("b.financial_year", "=", year))
    .leftJoin("by_scheme as t", (join) => join.onTrue())
    .select([
      "school.urn",
      "school.name as school_name",
      "b.notional_sen_budget_pence",
      "b.version as budget_version",
      "c.pupils as contribution_pupils",
      "c.pence as contributions_pence",
      "a.awards as award_count",
      "t.id as scheme_id",
      "t.name as scheme",
      "t.awarded_pence",
      "t.requested_pence",
      "t.pending_pence",
    ])
    .where("school.id", "=", schoolId)
    .orderBy("t.sort_order")
    .orderBy("t.name")
    .execute();
  const first = rows[0];
  if (!first) notFound();

  const schemes: SchemeTotals[] = rows
    .filter((r) => r.scheme_id !== null)
    .map((r) => ({
      schemeId: r.scheme_id!,
      scheme: r.scheme!,
      awardedPence: Number(r.awarded_pence),
      requestedPence: Number(r.requested_pence),
      pendingPence: Number(r.pending_pence),
    }));
  const notionalPence = first.notional_sen_budget_pence === null ? null : Number(first.notional_sen_budget_pence);
  const contributionsPence = Number(first.contributions_pence);
  return {
    school: { urn: first.urn, name: first.school_name },
    year,
    yearLabel: financialYearLabel(year),
    schemes,
    totals: {
      awardedPence: schemes.reduce((sum, s) => sum + s.awardedPence, 0),
      requestedPence: schemes.reduce((sum, s) => sum + s.requestedPence, 0),
      pendingPence: schemes.reduce((sum, s) => sum + s.pendingPence, 0),
    },
    awardCount: Number(first.award_count),
    budget: {
      notionalPence,
      version: first.budget_version ?? 0,
      contributionPupils: Number(first.contribution_pupils),
      contributionsPence,
      remainingPence: notionalPence === null ? null : notionalPence - contributionsPence,
    },
  };
}

/**
 * The school's awards for the year, by pupil, then start, then reference: all of them, or one page. With
 * `audit`, the same statement also writes that audit row (a data-modifying WITH, which PostgreSQL runs once and
 * to completion), so the list and its audit row commit together without a transaction's extra round trips.
 */
async function loadAwards(
  db: Executor,
  schoolId: number,
  year: number,
  options: { page?: { limit: number; offset: number }; audit?: AuditEntry } = {},
): Promise<PupilAward[]> {
  const { page, audit } = options;
  let query = (audit ? withAuditRow(db, audit) : db)
    .selectFrom("funding_requests as r")
    .innerJoin("funding_schemes as s", "s.id", "r.scheme_id")
    .leftJoin("pupils as p", (join) => join.onRef("p.id", "=", "r.pupil_id").onRef("p.school_id", "=", "r.school_id"))
    .select((eb) => [
      "r.reference",
      "s.name as scheme",
      "p.first_name",
      "p.last_name",
      "r.awarded_pence",
      eb.fn.coalesce("r.award_start", "r.period_start").as("start"),
      eb.fn.coalesce("r.award_end", "r.period_end").as("end"),
    ])
    .where("r.school_id", "=", schoolId)
    .where("r.financial_year", "=", year)
    .where("r.status", "in", AWARDED)
    .where("r.awarded_pence", ">", 0)
    .orderBy("p.last_name")
    .orderBy("p.first_name")
    .orderBy("start")
    .orderBy("r.reference");
  if (page) query = query.limit(page.limit).offset(page.offset);
  const awardRows = await query.execute();
  return awardRows.map((r) => {
    const start = r.start!;
    const end = r.end!;
    const months = monthsInPeriod(start, end);
    const amountPence = r.awarded_pence!;
    return {
      reference: r.reference,
      pupil: r.first_name === null ? null : `${r.first_name} ${r.last_name}`,
      scheme: r.scheme,
      start,
      end,
      months,
      amountPence,
      ...monthlyPayments(amountPence, months),
    };
  });
}

/** Totals and every award: what the CSV exports. */
export async function loadTracker(db: Executor, schoolId: number, year: number): Promise<Omit<Tracker, "years">> {
  const { awardCount: _count, ...totals } = await loadTotals(db, schoolId, year);
  return { ...totals, awards: await loadAwards(db, schoolId, year) };
}

/** The headteacher's tracker for their own school. Shows pupils' names, so each view is audited. */
export async function getTracker(
  db: DB,
  actor: Actor,
  input: { year?: string | null; page?: string | null },
  requestId: string,
): Promise<Tracker & { awardsPage: { page: number; pages: number; total: number } }> {
  requirePermission(actor, "funding:tracker");
  const schoolId = trackerSchoolOf(actor);
  const year = resolveYear(input.year);
  // Two statements and no transaction: the totals (with the number of awards), then the page of awards with
  // the view's audit row. A page whose totals failed writes no audit row; one whose list failed writes neither.
  const totals = await loadTotals(db, schoolId, year);
  const { awardCount: total, ...figures } = totals;
  const pages = Math.max(1, Math.ceil(total / TRACKER_AWARDS_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(input.page) || 1));
  const awards = await loadAwards(db, schoolId, year, {
    page: { limit: TRACKER_AWARDS_PAGE_SIZE, offset: (page - 1) * TRACKER_AWARDS_PAGE_SIZE },
    audit: {
      actor,
      action: "funding.tracker_view",
      subjectType: "school",
      subjectId: figures.school.urn,
      requestId,
      detail: { financialYear: year, awards: total },
    },
  });
  return {
    ...figures,
    awards,
    awardsPage: { page, pages, total },
    years: trackerYears().map((y, i) => ({ year: y, label: financialYearLabel(y), current: i === 0 })),
  };
}
