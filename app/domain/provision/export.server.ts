import type { Kysely } from "kysely";
import writeXlsxFile from "write-excel-file/node";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { londonToday } from "../financial-year.ts";
import { getProvisionOverview } from "./overview.server.ts";

/**
 * The overview's SRPs as a download for officers (CSV through csv.server.ts, XLSX through write-excel-file): one
 * row an SRP with its places and the current term's return. Places, not children; audited as an export.
 */

type DB = Kysely<Database>;

const HEADER = ["urn", "school", "district", "designation", "srp_status", "term", "commissioned", "filled", "vacancies", "ehc_plan_pupils", "waiting", "return", "over_commissioned", "comment"];
const WIDTHS = [10, 36, 20, 12, 10, 14, 12, 10, 10, 14, 10, 10, 16, 48];

async function exportRows(db: DB, actor: Actor, format: "csv" | "xlsx", requestId: string, now: Date) {
  requirePermission(actor, "provision:manage");
  const overview = await getProvisionOverview(db, actor, now);
  const term = overview.window?.label ?? "";
  const rows: CsvCell[][] = overview.srps.map((s) => [
    s.urn,
    s.school,
    s.district,
    s.designation,
    s.status,
    term,
    s.commissioned,
    s.filled,
    s.filled === null || s.commissioned === null ? null : Math.max(0, s.commissioned - s.filled),
    s.ehcPlanPupils,
    s.waiting,
    s.returnState,
    s.overCommissioned ? "yes" : "no",
    s.comment,
  ]);
  await recordAudit(db, { actor, action: "resource_provision.export", subjectType: "srp_return_window", subjectId: overview.window?.id, requestId, detail: { format, rows: rows.length } });
  return { filename: `srp-places-${londonToday(now)}`, rows };
}

export async function exportProvisionCsv(db: DB, actor: Actor, requestId: string, now = new Date()) {
  const { filename, rows } = await exportRows(db, actor, "csv", requestId, now);
  return { filename: `${filename}.csv`, csv: toCsv(HEADER, rows) };
}

/** Typed cells: text is always a string cell, never a formula. */
export async function exportProvisionXlsx(db: DB, actor: Actor, requestId: string, now = new Date()) {
  const { filename, rows } = await exportRows(db, actor, "xlsx", requestId, now);
  const sheet = [
    HEADER.map((value) => ({ value, fontWeight: "bold" as const })),
    ...rows.map((row) => row.map((value) => (value === null ? null : typeof value === "number" ? { value, type: Number } : { value, type: String }))),
  ];
  const bytes = await writeXlsxFile(sheet, { sheet: "SRP places", stickyRowsCount: 1, columns: WIDTHS.map((width) => ({ width })) }).toBuffer();
  return { filename: `${filename}.xlsx`, bytes };
}
