import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { type Tracker, loadTracker, resolveYear, trackerSchoolOf } from "./tracker-figures.server.ts";

/** The tracker as a CSV file: the same figures and awards, audited as an export of children's data. */

type DB = Kysely<Database>;

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
export function gbp(pence: number | null): string | null {
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
