import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { londonToday } from "../financial-year.ts";
import { PROVISIONS, type RegisterView, registerInsight, ruleInWords } from "./register.server.ts";

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

/** The same table as CSV, withheld figures as "c", with what it is, when it was made and the rule; audited. */
export async function registerCsv(db: DB, actor: Actor, chosen: Partial<RegisterView>, requestId: string, now = new Date()) {
  const insight = await registerInsight(db, actor, chosen);
  const { table } = insight;
  const header = ["district", ...table.columns, "total", "on_roll", "per_1000_on_roll"];
  const rows: CsvCell[][] = [
    ...table.rows.map((district, i) => [district, ...table.cells[i]!, table.rowTotals?.[i] ?? null, insight.onRoll[i]!, insight.perThousand[i] ?? (table.rowTotals?.[i] === "c" ? "c" : null)]),
    ["Kent", ...table.columnTotals, table.total, insight.kentOnRoll, insight.kentPerThousand ?? (table.total === "c" ? "c" : null)],
    [],
    [`Pupils on SEN registers by district and broad area of primary need: ${describeView(insight.view)}.`],
    [`Extracted ${now.toISOString()}, from the registers as they were at ${insight.computedAt.toISOString()}.`],
    [ruleInWords(insight.rule)],
  ];
  await recordAudit(db, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "register", requestId, detail: { format: "csv", ...insight.view } });
  return { filename: `sen-registers-${londonToday(now)}.csv`, csv: toCsv(header, rows) };
}
