import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { type AuditEntry, recordAudit, withAuditRow } from "../audit/audit.server.ts";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { currentFinancialYear, financialYearLabel, monthsInPeriod } from "../financial-year.ts";
import { formatPence } from "../money.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { type Result, STALE_MESSAGE, refuse } from "../result.ts";
import { MAX_BUDGET_PENCE } from "./tracker.schema.ts";

type DB = Kysely<Database>;
type Executor = Kysely<Database> | Transaction<Database>;

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
function resolveYear(requested: string | null | undefined): number {
  const years = trackerYears();
  if (requested === null || requested === undefined || requested === "") return years[0]!;
  const year = Number(requested);
  if (!/^\d{4}$/.test(requested) || !years.includes(year)) notFound();
  return year;
}

/** The headteacher's own school: the tracker never takes a school from the request. */
function trackerSchoolOf(actor: Actor): number {
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
async function loadTracker(db: Executor, schoolId: number, year: number): Promise<Omit<Tracker, "years">> {
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

/** Awards listed per page of the tracker. */
export const TRACKER_AWARDS_PAGE_SIZE = 50;

const CSV_HEADER = [
  "kind",
  "financial_year",
  "scheme",
  "reference",
  "pupil",
  "period_start",
  "period_end",
  "months",
  "amount_gbp",
  "monthly_gbp",
  "last_month_gbp",
  "pupils",
];

/** Pence as a plain figure a spreadsheet reads as a number: 142857 -> "1428.57", -50 -> "-0.50". */
function gbp(pence: number | null): string | null {
  if (pence === null) return null;
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * The tracker's figures as one table, a row per fact with its `kind`, so a spreadsheet can filter or pivot
 * it: first the awards (one row each), then the totals by scheme and for all schemes, then the budget,
 * the contributions and what remains.
 */
function trackerCsvRows(tracker: Omit<Tracker, "years">): CsvCell[][] {
  const fy = tracker.yearLabel;
  const row = (kind: string, scheme: string | null, amountPence: number | null, extra: { pupils?: number } = {}): CsvCell[] => [
    kind,
    fy,
    scheme,
    null,
    null,
    null,
    null,
    null,
    gbp(amountPence),
    null,
    null,
    extra.pupils ?? null,
  ];
  const rows: CsvCell[][] = tracker.awards.map((a) => [
    "award",
    fy,
    a.scheme,
    a.reference,
    a.pupil ?? "School-level (no named pupil)",
    a.start,
    a.end,
    a.months,
    gbp(a.amountPence),
    gbp(a.monthlyPence),
    gbp(a.lastMonthPence),
    null,
  ]);
  for (const s of tracker.schemes) {
    rows.push(row("awarded", s.scheme, s.awardedPence), row("requested", s.scheme, s.requestedPence), row("pending", s.scheme, s.pendingPence));
  }
  rows.push(
    row("awarded", "All schemes", tracker.totals.awardedPence),
    row("requested", "All schemes", tracker.totals.requestedPence),
    row("pending", "All schemes", tracker.totals.pendingPence),
    row("notional_sen_budget", null, tracker.budget.notionalPence),
    row("school_contributions", null, tracker.budget.contributionsPence, { pupils: tracker.budget.contributionPupils }),
    row("budget_remaining", null, tracker.budget.remainingPence),
  );
  return rows;
}

/** The tracker as a CSV download, e.g. funding-tracker-990001-2026-27.csv. Audited as an export. */
export async function exportTrackerCsv(
  db: DB,
  actor: Actor,
  input: { year?: string | null },
  requestId: string,
): Promise<{ filename: string; csv: string }> {
  requirePermission(actor, "funding:tracker");
  const schoolId = trackerSchoolOf(actor);
  const year = resolveYear(input.year);
  return db.transaction().execute(async (trx) => {
    const tracker = await loadTracker(trx, schoolId, year);
    const rows = trackerCsvRows(tracker);
    await recordAudit(trx, {
      actor,
      action: "funding.tracker_export",
      subjectType: "school",
      subjectId: tracker.school.urn,
      requestId,
      detail: { financialYear: year, awards: tracker.awards.length, rows: rows.length },
    });
    return { filename: `funding-tracker-${tracker.school.urn}-${tracker.yearLabel}.csv`, csv: toCsv(CSV_HEADER, rows) };
  });
}

/**
 * Sets the school's notional SEN budget for a year the tracker covers. The form carries the version it was
 * shown (0: no budget yet); a budget someone else set or changed meanwhile is not overwritten.
 */
export async function setSchoolBudget(
  db: DB,
  actor: Actor,
  input: { year: number; version: number; budget: number },
  requestId: string,
): Promise<Result<{ year: number }>> {
  requirePermission(actor, "funding:tracker");
  const schoolId = trackerSchoolOf(actor);
  if (!trackerYears().includes(input.year)) return refuse("budget", "You can set the budget for this financial year or the last one only");
  if (!Number.isSafeInteger(input.budget) || input.budget < 0 || input.budget > MAX_BUDGET_PENCE) {
    return refuse("budget", "Notional SEN budget must be £100,000,000 or less");
  }
  return db.transaction().execute(async (trx) => {
    const school = await trx.selectFrom("schools").select("urn").where("id", "=", schoolId).executeTakeFirst();
    if (!school) notFound();
    let saved: { version: number } | undefined;
    if (input.version === 0) {
      saved = await trx
        .insertInto("school_sen_budgets")
        .values({
          school_id: schoolId,
          financial_year: input.year,
          notional_sen_budget_pence: input.budget,
          updated_by: actor.userId,
        })
        .onConflict((oc) => oc.columns(["school_id", "financial_year"]).doNothing())
        .returning("version")
        .executeTakeFirst();
    } else {
      saved = await trx
        .updateTable("school_sen_budgets")
        .set((eb) => ({
          notional_sen_budget_pence: input.budget,
          updated_by: actor.userId,
          updated_at: new Date(),
          version: eb("version", "+", 1),
        }))
        .where("school_id", "=", schoolId)
        .where("financial_year", "=", input.year)
        .where("version", "=", input.version)
        .returning("version")
        .executeTakeFirst();
    }
    if (!saved) {
      // Set or changed since the form was drawn: the same figure sent again is the same change; another is refused.
      const stored = await trx
        .selectFrom("school_sen_budgets")
        .select(["notional_sen_budget_pence", "updated_by", "updated_at"])
        .where("school_id", "=", schoolId)
        .where("financial_year", "=", input.year)
        .executeTakeFirst();
      if (!stored) return { ok: false as const, formError: STALE_MESSAGE };
      const answer = await answerOldVersion(trx, actor, {
        submitted: { budget: input.budget },
        recorded: { budget: stored.notional_sen_budget_pence },
        labels: { budget: "notional SEN budget" },
        changed: { userId: stored.updated_by, at: stored.updated_at },
        did: `the budget was set to ${formatPence(stored.notional_sen_budget_pence)}`,
        now: null,
      });
      return answer.ok ? { ok: true as const, year: input.year } : answer;
    }
    await recordAudit(trx, {
      actor,
      action: "school_budget.update",
      subjectType: "school",
      subjectId: school.urn,
      requestId,
      detail: { financialYear: input.year, notionalSenBudgetPence: input.budget, version: saved.version },
    });
    return { ok: true as const, year: input.year };
  });
}
