import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import writeXlsxFile from "write-excel-file/node";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { londonToday } from "../financial-year.ts";
import { readFromLines } from "./insight-export.server.ts";
import { disclosureRule } from "./rule.server.ts";
import { PROVISIONS, type RegisterInsight, type RegisterView, registerInsight, ruleInWords } from "./register.server.ts";

type DB = Kysely<Database>;

/** The view chosen in the address (`?phase=Primary&provision=E`); anything else is read as all. */
export function registerViewOf(url: URL): Partial<RegisterView> {
  return { phase: url.searchParams.get("phase") ?? "", provision: url.searchParams.get("provision") ?? "" };
}

function describeView(view: RegisterView) {
  const provision = PROVISIONS.find((p) => p.value === view.provision)!.label;
  return `${provision}, ${view.phase ? `${view.phase.toLowerCase()} schools` : "every phase"}`;
}

/** The dashboard page: the published table, its rates per 1,000 on roll, and a chart of them against Kent's. */
export async function registerPage(db: DB, actor: Actor, chosen: Partial<RegisterView>) {
  const insight = await registerInsight(db, actor, chosen);
  const { table } = insight;
  const described = describeView(insight.view);
  const shown = insight.perThousand.filter((r): r is number => r !== null).length;
  const chart = chartGeometry({
    kind: "bar",
    title: `Pupils on SEN registers per 1,000 on roll, by district: ${described}`,
    description: `A bar chart of ${table.rows.length} districts, each beside Kent's ${insight.kentPerThousand ?? "withheld"} per 1,000. ${shown} of the districts' figures are shown; the others are withheld to protect small numbers. The table below gives every figure.`,
    categories: table.rows,
    series: [
      { label: "District", values: insight.perThousand },
      { label: "Kent", values: table.rows.map(() => insight.kentPerThousand) },
    ],
    yLabel: "Per 1,000",
  });
  return { ...insight, provisions: PROVISIONS, described, chart, ruleText: ruleInWords(insight.rule), computedAt: insight.computedAt.toISOString() };
}

/** A view's table as rows: a district a row, then Kent's; withheld figures as "c". */
export function registerRows(insight: RegisterInsight) {
  const { table } = insight;
  const header = ["district", ...table.columns, "total", "on_roll", "per_1000_on_roll"];
  const rows: CsvCell[][] = [
    ...table.rows.map((district, i) => [district, ...table.cells[i]!, table.rowTotals?.[i] ?? null, insight.onRoll[i]!, insight.perThousand[i] ?? (table.rowTotals?.[i] === "c" ? "c" : null)]),
    ["Kent", ...table.columnTotals, table.total, insight.kentOnRoll, insight.kentPerThousand ?? (table.total === "c" ? "c" : null)],
  ];
  return { header, rows };
}

/** What every export says of itself: what the figures are, when they were taken and from when, the rule. */
function aboutLines(insight: RegisterInsight, now: Date) {
  return [
    `Pupils on SEN registers by district and broad area of primary need: ${describeView(insight.view)}.`,
    `Extracted ${now.toISOString()}, from the registers as they were at ${insight.computedAt.toISOString()}.`,
    ruleInWords(insight.rule),
  ];
}

/** The same table as CSV, withheld figures as "c", with what it is, when it was made and the rule; audited. */
export async function registerCsv(reading: Reading, actor: Actor, chosen: Partial<RegisterView>, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await registerInsight(db, actor, chosen);
  const { header, rows } = registerRows(insight);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "register", requestId, detail: { format: "csv", ...insight.view } });
  return { filename: `sen-registers-${londonToday(now)}.csv`, csv: toCsv(header, [...rows, [], ...[...aboutLines(insight, now), ...readFromLines(reading)].map((line) => [line])]) };
}

/**
 * Every view as an Excel workbook (write-excel-file): one sheet per table (both provisions, SEN support, EHC
 * plans), protected together as the page's are, and a sheet saying what they are; audited.
 */
export async function registerXlsx(reading: Reading, actor: Actor, requestId: string, now = new Date()) {
  const { db } = reading;
  const rule = await disclosureRule(db);
  const views = await Promise.all(PROVISIONS.map((p) => registerInsight(db, actor, { provision: p.value }, rule)));
  const cell = (value: CsvCell) => (value === null ? null : typeof value === "number" ? { value, type: Number } : { value, type: String });
  const sheets = views.map((insight, i) => {
    const { header, rows } = registerRows(insight);
    return {
      data: [header.map((value) => ({ value, fontWeight: "bold" as const })), ...rows.map((row) => row.map(cell))],
      sheet: PROVISIONS[i]!.sheet,
      stickyRowsCount: 1,
      columns: header.map((_, j) => ({ width: j === 0 ? 24 : 14 })),
    };
  });
  const about = { data: [...aboutLines(views[0]!, now), ...readFromLines(reading)].map((line) => [{ value: line, type: String }]), sheet: "About these figures", columns: [{ width: 120 }] };
  const bytes = await writeXlsxFile([...sheets, about]).toBuffer();
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "register", requestId, detail: { format: "xlsx" } });
  return { filename: `sen-registers-${londonToday(now)}.xlsx`, bytes };
}
