import { type Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { SCHOOL_FIELDS, type SchoolField, type SchoolValues } from "./gias-columns.ts";

/**
 * What the admin reads of the GIAS imports (ADR 62): the list of imports, one import with the first rows of its dry
 * run, and its report as CSV rows. Reading and applying an extract are in gias-import.server.ts.
 */

export interface ImportSummary {
  id: number;
  uploadedBy: string;
  uploadedAt: Date;
  fileName: string;
  fileBytes: number;
  sha256: string | null;
  encoding: string | null;
  laCode: string;
  status: string;
  problem: string | null;
  rowsRead: number;
  /** How much of the file its dry run has read, for the progress shown while it reads. */
  bytesRead: number;
  creates: number;
  updates: number;
  closures: number;
  unchanged: number;
  refused: number;
  otherLa: number;
  appliedBy: string | null;
  appliedAt: Date | null;
}

function importsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("gias_imports as i")
    .innerJoin("users as u", "u.id", "i.uploaded_by")
    .leftJoin("users as a", "a.id", "i.applied_by")
    .select([
      "i.id",
      "u.display_name as uploadedBy",
      "i.uploaded_at as uploadedAt",
      "i.file_name as fileName",
      "i.file_bytes as fileBytes",
      "i.sha256",
      "i.encoding",
      "i.la_code as laCode",
      "i.status",
      "i.problem",
      "i.rows_read as rowsRead",
      "i.bytes_read as bytesRead",
      "i.creates",
      "i.updates",
      "i.closures",
      "i.unchanged",
      "i.refused",
      "i.other_la as otherLa",
      "a.display_name as appliedBy",
      "i.applied_at as appliedAt",
    ]);
}

function summary(row: Awaited<ReturnType<ReturnType<typeof importsQuery>["executeTakeFirstOrThrow"]>>): ImportSummary {
  return { ...row, fileBytes: Number(row.fileBytes), bytesRead: Number(row.bytesRead), uploadedAt: new Date(row.uploadedAt), appliedAt: row.appliedAt ? new Date(row.appliedAt) : null };
}

/** The latest imports, newest first, for the admin's page. */
export async function recentGiasImports(db: Kysely<Database>, actor: Actor, limit = 20): Promise<ImportSummary[]> {
  requirePermission(actor, "schools:import");
  const rows = await importsQuery(db).orderBy("i.uploaded_at", "desc").orderBy("i.id", "desc").limit(limit).execute();
  return rows.map(summary);
}

export interface ChangeRow {
  line: number;
  urn: string | null;
  name: string | null;
  /** For updates and closures: the fields that change, old and new (districts by name). */
  changes: { field: SchoolField; old: string; new: string }[];
  reason: string | null;
}

export interface ImportDetail {
  summary: ImportSummary;
  /** The first `shown` rows of each kind (the report has them all). */
  creates: ChangeRow[];
  updates: ChangeRow[];
  closures: ChangeRow[];
  refused: ChangeRow[];
}

function shownValue(field: SchoolField, value: unknown, districts: Map<number, string>): string {
  if (value === null || value === undefined) return "";
  if (field === "district_id") return districts.get(Number(value)) ?? String(value);
  return String(value);
}

function changeRow(
  r: { line: number; urn: string | null; name: string | null; before: unknown; after: unknown; reason: string | null; kind: string },
  districts: Map<number, string>,
): ChangeRow {
  const before = (r.before ?? null) as SchoolValues | null;
  const after = (r.after ?? null) as SchoolValues | null;
  const changes =
    after === null
      ? []
      : SCHOOL_FIELDS.filter((f) => (before ? before[f] !== after[f] : after[f] !== null)).map((f) => ({
          field: f,
          old: before ? shownValue(f, before[f], districts) : "",
          new: shownValue(f, after[f], districts),
        }));
  return { line: r.line, urn: r.urn, name: r.name, changes, reason: r.reason };
}

async function districtNames(db: Kysely<Database>) {
  return new Map((await db.selectFrom("districts").select(["id", "name"]).execute()).map((d) => [d.id, d.name]));
}

/** One import and the first rows of its dry run, or null when there is no such import. */
export async function giasImportDetail(db: Kysely<Database>, actor: Actor, importId: number, shown = 100): Promise<ImportDetail | null> {
  requirePermission(actor, "schools:import");
  const found = await importsQuery(db).where("i.id", "=", importId).executeTakeFirst();
  if (!found) return null;
  const districts = await districtNames(db);
  const of = async (kind: string) =>
    (
      await db
        .selectFrom("gias_import_rows")
        .select(["line", "urn", "name", "before", "after", "reason", "kind"])
        .where("import_id", "=", importId)
        .where("kind", "=", kind)
        .orderBy("line")
        .limit(shown)
        .execute()
    ).map((r) => changeRow(r, districts));
  const [creates, updates, closures, refused] = await Promise.all([of("create"), of("update"), of("close"), of("refused")]);
  return { summary: summary(found), creates, updates, closures, refused };
}

const KIND_WORDS: Record<string, string> = { create: "Create", update: "Update", close: "Close", refused: "Refused" };

/**
 * An import's report, as CSV rows (header first), read a thousand rows at a time: line, URN, school, change,
 * field, old value, new value, why refused. One row per changed field of an update or closure.
 */
export async function* giasImportReport(db: Kysely<Database>, actor: Actor, importId: number, requestId: string): AsyncGenerator<string[]> {
  requirePermission(actor, "schools:import");
  const found = await db.selectFrom("gias_imports").select("id").where("id", "=", importId).executeTakeFirst();
  if (!found) return;
  await recordAudit(db, { actor, action: "gias_import.report", subjectType: "gias_import", subjectId: importId, requestId });
  const districts = await districtNames(db);
  yield ["Line", "URN", "School", "Change", "Field", "Old value", "New value", "Why refused"];
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("gias_import_rows")
      .select(["id", "line", "urn", "name", "before", "after", "reason", "kind"])
      .where("import_id", "=", importId)
      .where("id", ">", after)
      .orderBy("id")
      .limit(1000)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      const row = changeRow(r, districts);
      const base = [String(r.line), r.urn ?? "", r.name ?? "", KIND_WORDS[r.kind] ?? r.kind];
      if (r.kind === "refused") yield [...base, "", "", "", r.reason ?? ""];
      else for (const c of row.changes) yield [...base, c.field, c.old, c.new, ""];
    }
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** Whether an import exists (for the report's 404). */
export async function giasImportExists(db: Kysely<Database>, actor: Actor, importId: number): Promise<boolean> {
  requirePermission(actor, "schools:import");
  return (await db.selectFrom("gias_imports").select("id").where("id", "=", importId).executeTakeFirst()) !== undefined;
}
