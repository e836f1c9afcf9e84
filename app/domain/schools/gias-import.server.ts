import path from "node:path";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { runInBackground } from "../../background.server.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { Result } from "../result.ts";
import { GIAS_MAX_LABEL, SCHOOL_FIELDS, type SchoolField } from "./gias-columns.ts";
import { holdGiasFile, type ReceivedGiasFile, releaseGiasFile } from "./gias-file.server.ts";
import { FileProblem, readRows, Stopped } from "./gias-read.server.ts";

/**
 * Schools from a Get Information About Schools extract (issue 12, ADR 62). The file streams to a temporary file
 * as it arrives (hashed, checked for binary content and for being UTF-8 as it goes), then is read from there a
 * batch of rows at a time (gias-read.server.ts), after the upload is answered: nothing holds the whole file. The dry run is stored
 * row by row (gias_import_rows); applying reads those rows, in one transaction, refused if the schools changed
 * since. One import reads or applies at a time (a unique index, gias_imports_one_running).
 */

export { GIAS_MAX_BYTES, GIAS_MAX_LABEL } from "./gias-columns.ts";
export { discardGiasFile, type ReceivedGiasFile, receiveGiasFile } from "./gias-file.server.ts";
/** An import whose heartbeat is older than this was left by a portal that stopped: another may start. */
const ABANDONED_AFTER = "10 minutes";

/** The LA code the import keeps (GIAS_LA_CODE, 886 for Kent by default): other LAs' schools are skipped. */
export function giasLaCode(env: Record<string, string | undefined> = process.env): string {
  const code = env.GIAS_LA_CODE?.trim() || "886";
  if (!/^\d{3}$/.test(code)) throw new Error(`GIAS_LA_CODE must be three digits, not "${code}"`);
  return code;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/** Marks an import a stopped portal left running as failed (nothing it did was applied), so another may start. */
async function clearAbandoned(db: Kysely<Database>): Promise<boolean> {
  const cleared = await db
    .updateTable("gias_imports")
    .set({ status: "failed", problem: "It stopped part-way (the portal was restarted): nothing was applied." })
    .where("status", "in", ["reading", "applying"])
    .where("heartbeat_at", "<", sql<Date>`now() - ${ABANDONED_AFTER}::interval`)
    .executeTakeFirst();
  return Number(cleared.numUpdatedRows) > 0;
}

async function runningMessage(db: Kysely<Database>): Promise<string> {
  const running = await db
    .selectFrom("gias_imports")
    .innerJoin("users", "users.id", "gias_imports.uploaded_by")
    .select(["gias_imports.id", "gias_imports.status", "users.display_name"])
    .where("gias_imports.status", "in", ["reading", "applying"])
    .executeTakeFirst();
  const who = running ? ` (import ${running.id}, ${running.display_name}'s, is ${running.status === "applying" ? "being applied" : "being read"})` : "";
  return `Another import is running${who}. Only one import can run at a time: wait for it to finish, then try again.`;
}

/** Runs `claim` (a write that makes an import running); refused while another runs, unless that one was abandoned. */
async function claimRunning<T>(db: Kysely<Database>, claim: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return { ok: true, value: await claim() };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt > 0 || !(await clearAbandoned(db))) return { ok: false, message: await runningMessage(db) };
    }
  }
  return { ok: false, message: await runningMessage(db) };
}

/** How the first part of a dry run, the part the upload waits for, ended. */
type Start = { ok: true } | { ok: false; problem: string } | { ok: false; error: unknown };

/**
 * Reads an uploaded extract and records its dry run (ADR 65). The upload waits only until the file's column headers
 * are read: a file refused before then (too large, binary, empty, missing required columns) is answered on the
 * upload's form, recorded as refused with why. The rest of the file is read after the upload is answered, so the
 * import's page can show its progress; a problem found there (text that is not CSV part-way) marks the import
 * refused, and its page says why. Refused outright (nothing recorded but the attempt): another import running.
 */
export async function startGiasImport(
  db: Kysely<Database>,
  actor: Actor,
  received: ReceivedGiasFile,
  options: { laCode: string; requestId: string },
): Promise<Result<{ importId: number }>> {
  requirePermission(actor, "schools:import");
  const fileName = path.basename(received.fileName.replace(/\\/g, "/")).slice(0, 255) || "file.csv";
  const claimed = await claimRunning(db, () =>
    db
      .insertInto("gias_imports")
      .values({
        uploaded_by: actor.userId,
        file_name: fileName,
        file_bytes: received.bytes,
        sha256: received.truncated ? null : received.sha256,
        encoding: received.utf8 ? "utf-8" : "windows-1252",
        la_code: options.laCode,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  if (!claimed.ok) return { ok: false, formError: claimed.message };
  const importId = claimed.value.id;
  const refuseFile = async (problem: string) => {
    await db.deleteFrom("gias_import_rows").where("import_id", "=", importId).execute();
    await db.updateTable("gias_imports").set({ status: "refused", problem, heartbeat_at: sql`now()` }).where("id", "=", importId).execute();
    await recordAudit(db, { actor, action: "gias_import.refuse", subjectType: "gias_import", subjectId: importId, requestId: options.requestId, detail: { problem } });
  };
  const refusedNow = async (problem: string) => {
    await refuseFile(problem);
    return { ok: false as const, fieldErrors: { file: [problem] } };
  };
  if (received.truncated) return refusedNow(`The file is larger than ${GIAS_MAX_LABEL}. Nothing was read from it.`);
  if (received.binary) return refusedNow(`The file is not a CSV file: ${received.binary}. Download the extract from GIAS as CSV and upload that.`);
  if (received.bytes === 0) return refusedNow("The file is empty.");

  holdGiasFile(received);
  const started = await new Promise<Start>((answer) => {
    // The upload is answered once, by whichever comes first: the headers read, the reading's end, or its failure.
    let answered = false;
    const once = (start: Start) => {
      if (answered) return false;
      answered = true;
      answer(start);
      return true;
    };
    runInBackground(`GIAS import ${importId}`, async (signal) => {
      try {
        await readRows(db, importId, received, options.laCode, { signal, onHeader: () => once({ ok: true }) });
        once({ ok: true });
      } catch (error) {
        if (error instanceof FileProblem) {
          if (!once({ ok: false, problem: error.message })) await refuseFile(error.message);
          return;
        }
        const problem = error instanceof Stopped ? "It stopped part-way (the portal was stopped): nothing was applied." : "It stopped part-way: nothing was applied.";
        await db.updateTable("gias_imports").set({ status: "failed", problem }).where("id", "=", importId).where("status", "=", "reading").execute().catch(() => {});
        if (!once({ ok: false, error }) && !(error instanceof Stopped)) throw error;
      } finally {
        await releaseGiasFile(received);
      }
    });
  });
  if (!started.ok) {
    if ("problem" in started) return refusedNow(started.problem);
    throw started.error;
  }
  await recordAudit(db, { actor, action: "gias_import.upload", subjectType: "gias_import", subjectId: importId, requestId: options.requestId, detail: { fileName, sha256: received.sha256 } });
  return { ok: true, importId };
}

const ROW_BEFORE = (field: SchoolField, cast: string) => sql.raw(`(r.before->>'${field}')${cast}`);
const FIELD_CASTS: Record<SchoolField, string> = {
  name: "",
  phase: "",
  establishment_type: "",
  district_id: "::int",
  number_on_roll: "::int",
  postcode: "",
  status: "",
  closed_on: "::date",
  resourced_provision_type: "",
  resourced_provision_capacity: "::int",
};

class Stale extends Error {
  constructor(readonly schools: number) {
    super("stale");
  }
}

/**
 * Applies an import's dry run, all or nothing, in one transaction: creates, updates, closures. Refused: another
 * import running; an import not ready (already applied, refused); a stale dry run (a school it would update or
 * close has changed since, or one it would create now exists), which is marked stale.
 */
export async function applyGiasImport(db: Kysely<Database>, actor: Actor, importId: number, requestId: string): Promise<Result<{ importId: number }>> {
  requirePermission(actor, "schools:import");
  const claimed = await claimRunning(db, () =>
    db.updateTable("gias_imports").set({ status: "applying", heartbeat_at: sql`now()` }).where("id", "=", importId).where("status", "=", "ready").returning("id").executeTakeFirst(),
  );
  if (!claimed.ok) return { ok: false, formError: claimed.message };
  if (!claimed.value) {
    const found = await db.selectFrom("gias_imports").select("status").where("id", "=", importId).executeTakeFirst();
    const why =
      found?.status === "applied"
        ? "This import has already been applied."
        : found?.status === "stale"
          ? "The schools changed after this dry run was made: upload the file again to see a new dry run."
          : "This import cannot be applied: its file was refused.";
    return { ok: false, formError: why };
  }
  try {
    await db.transaction().execute(async (trx) => {
      const changed = sql.join(SCHOOL_FIELDS.map((f) => sql`s.${sql.ref(f)} IS DISTINCT FROM ${ROW_BEFORE(f, FIELD_CASTS[f])}`), sql` OR `);
      const stale = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM gias_import_rows r
        LEFT JOIN schools s ON s.id = r.school_id
        WHERE r.import_id = ${importId} AND (
          (r.kind IN ('update', 'close') AND (s.id IS NULL OR ${changed}))
          OR (r.kind = 'create' AND EXISTS (SELECT 1 FROM schools e WHERE e.urn = r.urn))
        )`.execute(trx);
      const staleCount = stale.rows[0]?.n ?? 0;
      if (staleCount > 0) throw new Stale(staleCount);
      const after = (f: SchoolField) => sql.raw(`(r.after->>'${f}')${FIELD_CASTS[f]}`);
      await sql`
        INSERT INTO schools (urn, ${sql.join(SCHOOL_FIELDS.map((f) => sql.ref(f)))})
        SELECT r.urn, ${sql.join(SCHOOL_FIELDS.map(after))}
        FROM gias_import_rows r WHERE r.import_id = ${importId} AND r.kind = 'create' ORDER BY r.line`.execute(trx);
      await sql`
        UPDATE schools s SET ${sql.join(SCHOOL_FIELDS.map((f) => sql`${sql.ref(f)} = ${after(f)}`))}, updated_at = now()
        FROM gias_import_rows r WHERE r.import_id = ${importId} AND r.kind IN ('update', 'close') AND s.id = r.school_id`.execute(trx);
      await trx
        .updateTable("gias_imports")
        .set({ status: "applied", applied_by: actor.userId, applied_at: sql`now()`, heartbeat_at: sql`now()` })
        .where("id", "=", importId)
        .execute();
      await recordAudit(trx, { actor, action: "gias_import.apply", subjectType: "gias_import", subjectId: importId, requestId });
    });
  } catch (error) {
    if (error instanceof Stale) {
      const problem = `${error.schools === 1 ? "1 school" : `${error.schools} schools`} changed after this dry run was made, so nothing was applied. Upload the file again to see a new dry run.`;
      await db.updateTable("gias_imports").set({ status: "stale", problem }).where("id", "=", importId).execute();
      return { ok: false, formError: problem };
    }
    await db.updateTable("gias_imports").set({ status: "ready" }).where("id", "=", importId).where("status", "=", "applying").execute().catch(() => {});
    throw error;
  }
  return { ok: true, importId };
}
