import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { londonToday } from "../financial-year.ts";
import { SUPPRESSED, type PublishedTable } from "./disclosure.server.ts";
import { type Sheet, placeChoice, rowsOf, sheetsCsv, sheetsXlsx, tableSheet, insightYears, yearChoiceOf, readFromLines } from "./insight-export.server.ts";
import { type FundingInsight, MONTHS, type PublishedMoney, fundingInsight, schemeBudgets } from "./funding.server.ts";
import { ruleInWords } from "./register.server.ts";

type DB = Kysely<Database>;

/** What the officer chose in the address: `?year=2026&place=area:West` (anything else is read as the default). */
export interface FundingChoice {
  year: number;
  /** "" (Kent), "area:<area>" or "district:<code>": which districts' rows are shown. */
  place: string;
}

export function fundingChoiceOf(url: URL, now = new Date()): FundingChoice {
  return {
    year: yearChoiceOf(url, now),
    place: (url.searchParams.get("place") ?? "").slice(0, 100),
  };
}

const pounds = (v: PublishedMoney | undefined) => (v === undefined ? null : v === SUPPRESSED ? SUPPRESSED : Math.round(v) / 100);

async function resolve(db: DB, actor: Actor, chosen: FundingChoice) {
  const insight = await fundingInsight(db, actor, chosen.year);
  const { place, keep, places, label } = placeChoice(insight.counted.districts, chosen.place);
  const described = `${insight.yearLabel}, ${label}`;
  return { insight, place, places, described, keep };
}

/** The dashboard page: every table as published, with the chosen districts' rows, and two charts. */
export async function fundingPage(db: DB, actor: Actor, chosen: FundingChoice, now = new Date()) {
  const { insight, place, places, described, keep } = await resolve(db, actor, chosen);
  const { districts, schemes } = insight.counted;
  const view = insight.byDistrict;
  const budgets = await schemeBudgets(db, insight.year);
  const currentYear = insightYears(now)[0]!.year;
  // Months not yet begun have no figure (the current year's later months).
  const thisMonthIndex = insight.year === currentYear ? (Number(londonToday(now).slice(5, 7)) + 8) % 12 : 11;
  const monthValue = (v: number | "c" | undefined, i: number) => (i > thisMonthIndex ? null : typeof v === "number" ? v : null);
  const monthsChart = chartGeometry({
    kind: "line",
    title: `Requests sent to the council each month, ${insight.yearLabel} against the year before (every scheme, Kent)`,
    description: `A line chart of requests sent each month from April to March, ${insight.yearLabel} and the year before. Months whose figures are withheld are gaps. The table below gives every figure.`,
    categories: MONTHS,
    series: [
      { label: insight.yearLabel, values: MONTHS.map((_, i) => monthValue(insight.months.thisYear.cells[0]![i], i)) },
      { label: insight.months.lastYear.rows[0]!, values: MONTHS.map((_, i) => (typeof insight.months.lastYear.cells[0]![i] === "number" ? (insight.months.lastYear.cells[0]![i] as number) : null)) },
    ],
    yLabel: "Requests",
  });
  const statusTable = rowsOf(view.table, keep);
  const money = {
    rows: keep.map((i) => ({ district: districts[i]!.name, requested: pounds(view.requestedPence[i]), awarded: pounds(view.awardedPence[i]) })),
    kent: { requested: pounds(view.requestedPence[districts.length]), awarded: pounds(view.awardedPence[districts.length]) },
  };
  const moneyChart = chartGeometry({
    kind: "bar",
    title: `Money requested and awarded, £, by district: every scheme, ${described}`,
    description: `A bar chart of ${money.rows.length} districts, each with the money its schools requested and the money awarded. Withheld figures are gaps. The table below gives every figure.`,
    categories: money.rows.map((r) => r.district),
    series: [
      { label: "Requested", values: money.rows.map((r) => (typeof r.requested === "number" ? r.requested : null)) },
      { label: "Awarded", values: money.rows.map((r) => (typeof r.awarded === "number" ? r.awarded : null)) },
    ],
    yLabel: "£",
  });
  const budgetLines = [...schemes.map((s, i) => ({ key: String(s.id), schemeId: s.id, scheme: s.name, awards: insight.awards.cells[i]![0]!, i })), { key: "all", schemeId: null, scheme: "Every scheme", awards: insight.awards.total, i: schemes.length }].map((line) => {
    const budget = line.schemeId === null ? sumBudgets(budgets) : (budgets.get(line.schemeId)?.budgetPence ?? null);
    const awarded = insight.awardedPence[line.i]!;
    return {
      key: line.key,
      schemeId: line.schemeId,
      scheme: line.scheme,
      budget: budget === null ? null : budget / 100,
      version: line.schemeId === null ? 0 : (budgets.get(line.schemeId)?.version ?? 0),
      awards: line.awards,
      awarded: pounds(awarded),
      paid: pounds(insight.paidPence[line.i]),
      remaining: budget === null || awarded === SUPPRESSED ? (awarded === SUPPRESSED && budget !== null ? SUPPRESSED : null) : (budget - awarded) / 100,
      share: budget === null || budget === 0 || awarded === SUPPRESSED ? (awarded === SUPPRESSED && budget ? SUPPRESSED : null) : Math.round((awarded / budget) * 1000) / 10,
    };
  });
  return {
    year: insight.year,
    yearLabel: insight.yearLabel,
    years: insightYears(now),
    schemeTable: insight.byScheme.table,
    schemeNeedTable: insight.byScheme.need,
    schemeMoney: [
      ...schemes.map((s, i) => ({ key: String(s.id), name: s.name, requested: pounds(insight.byScheme.requestedPence[i]), awarded: pounds(insight.byScheme.awardedPence[i]) })),
      { key: "Kent", name: "Kent", requested: pounds(insight.byScheme.requestedPence[schemes.length]), awarded: pounds(insight.byScheme.awardedPence[schemes.length]) },
    ],
    place,
    places,
    described,
    statusTable,
    needTable: rowsOf(view.need, keep),
    money,
    moneyChart,
    timeliness: insight.timeliness,
    months: { labels: MONTHS, thisYear: insight.months.thisYear, lastYear: insight.months.lastYear, shownTo: thisMonthIndex },
    monthsChart,
    budgets: budgetLines,
    ruleText: ruleInWords(insight.rule),
    computedAt: insight.computedAt.toISOString(),
  };
}

function sumBudgets(budgets: Map<number, { budgetPence: number }>) {
  return budgets.size === 0 ? null : [...budgets.values()].reduce((n, b) => n + b.budgetPence, 0);
}

/** Every table of the dashboard as a sheet: what the CSV and the workbook publish (withheld "c", money in pounds). */
export function fundingSheets(insight: FundingInsight, keep: number[]): Sheet[] {
  const { districts, schemes } = insight.counted;
  const every = schemes.map((_, i) => i);
  const table = (t: PublishedTable, name: string, first: string, rows: number[]) => tableSheet(t, name, first, rows);
  const money = (b: FundingInsight["byDistrict"], name: string, first: string, names: string[], rows: number[]): Sheet => ({
    name,
    header: [first, "requested_pounds", "awarded_pounds"],
    rows: [...rows.map((i) => [names[i]!, pounds(b.requestedPence[i]), pounds(b.awardedPence[i])]), ["Kent", pounds(b.requestedPence[names.length]), pounds(b.awardedPence[names.length])]],
  });
  return [
    table(insight.byDistrict.table, "Requests by status", "district", keep),
    table(insight.byDistrict.need, "Requests by need", "district", keep),
    money(insight.byDistrict, "Money by district", "district", districts.map((d) => d.name), keep),
    table(insight.byScheme.table, "Schemes by status", "scheme", every),
    table(insight.byScheme.need, "Schemes by need", "scheme", every),
    money(insight.byScheme, "Money by scheme", "scheme", schemes.map((s) => s.name), every),
    {
      name: "Time to decide",
      header: ["scheme", "target_working_days", "median_working_days", "p90_working_days", "per_cent_on_time"],
      rows: insight.timeliness.map((t) => [t.scheme, t.targetWorkingDays, t.median, t.p90, t.onTimePercent]),
    },
    {
      name: "Requests each month",
      header: ["financial_year", ...MONTHS, "total"],
      rows: [insight.months.thisYear, insight.months.lastYear].map((m) => [m.rows[0]!, ...m.cells[0]!, m.total]),
    },
    {
      name: "Awards against budget",
      header: ["scheme", "awards", "awarded_pounds", "paid_to_date_pounds"],
      rows: [
        ...insight.counted.schemes.map((s, i) => [s.name, insight.awards.cells[i]![0]!, pounds(insight.awardedPence[i]), pounds(insight.paidPence[i])]),
        ["Every scheme", insight.awards.total, pounds(insight.awardedPence.at(-1)), pounds(insight.paidPence.at(-1))],
      ],
    },
  ];
}

function aboutLines(insight: FundingInsight, described: string, now: Date) {
  return [
    `Funding requests that reached the council: ${described}.`,
    `Extracted ${now.toISOString()}, from the requests as they were at ${insight.computedAt.toISOString()}.`,
    ruleInWords(insight.rule),
    "A sum of money is withheld wherever the count of requests behind it is.",
  ];
}

/** The view's tables as one CSV, each table under its name, withheld figures as "c"; audited. */
export async function fundingCsv(reading: Reading, actor: Actor, chosen: FundingChoice, requestId: string, now = new Date()) {
  const { db } = reading;
  const { insight, place, described, keep } = await resolve(db, actor, chosen);
  const csv = sheetsCsv(fundingSheets(insight, keep), [...aboutLines(insight, described, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "funding", requestId, detail: { format: "csv", year: insight.year, place } });
  return { filename: `funding-${insight.yearLabel}-${londonToday(now)}.csv`, csv };
}

/** The view's tables as an Excel workbook, one sheet a table and one saying what they are; audited. */
export async function fundingXlsx(reading: Reading, actor: Actor, chosen: FundingChoice, requestId: string, now = new Date()) {
  const { db } = reading;
  const { insight, place, described, keep } = await resolve(db, actor, chosen);
  const bytes = await sheetsXlsx(fundingSheets(insight, keep), [...aboutLines(insight, described, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "funding", requestId, detail: { format: "xlsx", year: insight.year, place } });
  return { filename: `funding-${insight.yearLabel}-${londonToday(now)}.xlsx`, bytes };
}
