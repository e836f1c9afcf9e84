import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { Result } from "../result.ts";
import { runInBackground } from "../../background.server.ts";
import { holdGiasFile, type ReceivedGiasFile, releaseGiasFile } from "./gias-file.server.ts";
import {
  districtKey,
  GIAS_CLOSED,
  GIAS_MAX_LABEL,
  GIAS_COLUMNS as C,
  GIAS_PHASES,
  GIAS_REQUIRED,
  giasDate,
  SCHOOL_FIELDS,
  type SchoolField,
  type SchoolValues,
} from "./gias-columns.ts";

/**
 * Schools from a Get Information About Schools extract (issue 12, ADR 62). The file streams to a temporary file
 * as it arrives (hashed, checked for binary content and for being UTF-8 as it goes), then is read from there by
 * csv-parse through iconv-lite, a batch of rows at a time: nothing holds the whole file. The dry run is stored
 * row by row (gias_import_rows); applying reads those rows, in one transaction, refused if the schools changed
 * since. One import reads or applies at a time (a unique index, gias_imports_one_running).
 */

export { GIAS_MAX_BYTES, GIAS_MAX_LABEL } from "./gias-columns.ts";
export { discardGiasFile, type ReceivedGiasFile, receiveGiasFile } from "./gias-file.server.ts";
/** Rows read and decided together: one query for their schools, one insert for what changes. */
const BATCH = 500;
/** Rows read between two updates of the progress the import's page shows, whatever they hold. */
const PROGRESS_EVERY = 2_000;
/** An import whose heartbeat is older than this was left by a portal that stopped: another may start. */
const ABANDONED_AFTER = "10 minutes";

/** The LA code the import keeps (GIAS_LA_CODE, 886 for Kent by default): other LAs' schools are skipped. */
export function giasLaCode(env: Record<string, string | undefined> = process.env): string {
  const code = env.GIAS_LA_CODE?.trim() || "886";
  if (!/^\d{3}$/.test(code)) throw new Error(`GIAS_LA_CODE must be three digits, not "${code}"`);
  return code;
}

class FileProblem extends Error {}

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

type Row = { kind: "create" | "update" | "close" | "refused"; line: number; urn: string | null; name: string | null; schoolId?: number; before?: SchoolValues; after?: SchoolValues; reason?: string };

/** The portal was told to stop while a dry run was being read. */
class Stopped extends Error {}

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
  const failed = (problem: string) =>
    db.updateTable("gias_imports").set({ status: "failed", problem }).where("id", "=", importId).where("status", "=", "reading").execute();
  const refusedNow = async (problem: string) => {
    await refuseFile(problem);
    return { ok: false as const, fieldErrors: { file: [problem] } };
  };
  if (received.truncated) return refusedNow(`The file is larger than ${GIAS_MAX_LABEL}. Nothing was read from it.`);
  if (received.binary) return refusedNow(`The file is not a CSV file: ${received.binary}. Download the extract from GIAS as CSV and upload that.`);
  if (received.bytes === 0) return refusedNow("The file is empty.");

  holdGiasFile(received);
  const started = await new Promise<Start>((answer) => {
    let answered = false;
    const once = (start: Start) => {
      if (!answered) answer(start);
      const first = !answered;
      answered = true;
      return first;
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
        await failed(error instanceof Stopped ? "It stopped part-way (the portal was stopped): nothing was applied." : "It stopped part-way: nothing was applied.").catch(() => {});
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

function csvProblem(error: unknown): string {
  const e = error as { code?: string; lines?: number; message?: string };
  const at = typeof e.lines === "number" ? ` at line ${e.lines}` : "";
  // csv-parse finds an unclosed quote where the file ends, not where the quote opened: say so.
  if (e.code === "CSV_QUOTE_NOT_CLOSED") return `The file is not valid CSV: a quoted value is never closed (the file ends${at} inside it).`;
  return `The file is not valid CSV${at}: ${e.message ?? "it could not be read"}.`;
}

async function readRows(
  db: Kysely<Database>,
  importId: number,
  received: ReceivedGiasFile,
  laCode: string,
  { signal, onHeader }: { signal: AbortSignal; onHeader: () => void },
) {
  const districts = new Map((await db.selectFrom("districts").select(["id", "name"]).execute()).map((d) => [districtKey(d.name), d.id]));
  let headerLength = 0;
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    columns: (header: string[]) => {
      const names = header.map((h) => String(h).trim());
      const missing = GIAS_REQUIRED.filter((c) => !names.includes(c));
      if (missing.length > 0) {
        throw new FileProblem(
          `The file has no ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length === 1 ? "column" : "columns"}. Its first line must be GIAS's column headers: download the extract from GIAS again with all its columns.`,
        );
      }
      headerLength = names.length;
      onHeader();
      return names;
    },
  });
  const source = fs.createReadStream(received.path);
  const decoder = iconv.decodeStream(received.utf8 ? "utf8" : "win1252");
  const flowing = pipeline(source, decoder, parser).catch((error: unknown) => error);

  const firstLine = new Map<string, { line: number; name: string }>();
  const duplicated = new Map<string, number[]>();
  let rowsRead = 0;
  let otherLa = 0;
  let invalidSoFar = 0;
  let batch: { line: number; urn: string; values: SchoolValues }[] = [];
  let refusedBatch: Row[] = [];

  const flush = async () => {
    const rows: Row[] = refusedBatch;
    refusedBatch = [];
    if (batch.length > 0) {
      const current = await db
        .selectFrom("schools")
        .select(["id", "urn", ...SCHOOL_FIELDS])
        .where(
          "urn",
          "in",
          batch.map((b) => b.urn),
        )
        .execute();
      const byUrn = new Map(current.map((s) => [s.urn, s]));
      for (const b of batch) {
        const school = byUrn.get(b.urn);
        const closed = b.values.status === GIAS_CLOSED;
        if (!school) {
          // A closed school the portal never had is not created.
          if (!closed) rows.push({ kind: "create", line: b.line, urn: b.urn, name: String(b.values.name), after: b.values });
          continue;
        }
        const before = Object.fromEntries(SCHOOL_FIELDS.map((f) => [f, school[f] ?? null])) as SchoolValues;
        if (SCHOOL_FIELDS.every((f) => before[f] === b.values[f])) continue;
        rows.push({
          kind: closed && before.status !== GIAS_CLOSED ? "close" : "update",
          line: b.line,
          urn: b.urn,
          name: String(b.values.name),
          schoolId: school.id,
          before,
          after: b.values,
        });
      }
      batch = [];
    }
    if (rows.length > 0) await insertRows(db, importId, rows);
    await progress();
  };
  // What the import's page shows while it reads, and the heartbeat that says it is still being read.
  const progress = async () => {
    await db.updateTable("gias_imports").set({ rows_read: rowsRead, bytes_read: source.bytesRead, heartbeat_at: sql`now()` }).where("id", "=", importId).execute();
    if (signal.aborted) throw new Stopped();
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string | undefined>; info: { lines: number; invalid_field_length: number } }>) {
      // The page's progress (and the heartbeat) also move through a run of other LAs' rows.
      if (rowsRead > 0 && rowsRead % PROGRESS_EVERY === 0) await progress();
      rowsRead++;
      const line = info.lines;
      const field = (name: string) => (record[name] ?? "").trim();
      const refuse = (reason: string) => refusedBatch.push({ kind: "refused", line, urn: field(C.urn) || null, name: field(C.name) || null, reason });
      // Schools of other LAs are skipped, counted: the extract may be all of England's.
      if (field(C.laCode) !== laCode) {
        invalidSoFar = info.invalid_field_length;
        otherLa++;
        continue;
      }
      // csv-parse counts the rows of the wrong length so far: this row is one if the count moved.
      const wrongLength = info.invalid_field_length > invalidSoFar || Object.keys(record).length !== headerLength;
      invalidSoFar = info.invalid_field_length;
      if (wrongLength) {
        refuse(`The row has a different number of values from the header (${headerLength}).`);
      } else {
        const values = rowValues(field, districts);
        if (typeof values === "string") refuse(values);
        else {
          const urn = field(C.urn);
          const seen = firstLine.get(urn);
          if (seen) {
            duplicated.set(urn, [...(duplicated.get(urn) ?? [seen.line]), line]);
            refuse(`URN ${urn} is also on line ${seen.line}: a school may appear only once in the file.`);
          } else {
            firstLine.set(urn, { line, name: String(values.name) });
            batch.push({ line, urn, values });
          }
        }
      }
      if (batch.length + refusedBatch.length >= BATCH) await flush();
    }
    const failed = await flowing;
    if (failed) throw failed;
    await flush();
  } catch (error) {
    source.destroy();
    if (error instanceof FileProblem) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof FileProblem) throw cause;
    if ((error as { code?: string }).code?.startsWith("CSV_")) throw new FileProblem(csvProblem(error));
    throw error;
  }
  if (headerLength === 0) throw new FileProblem("The file is empty: it has no column headers.");

  // Every appearance of a duplicated URN is refused: which of them is right cannot be told.
  if (duplicated.size > 0) {
    const urns = [...duplicated.keys()];
    for (let i = 0; i < urns.length; i += BATCH) {
      const some = urns.slice(i, i + BATCH);
      await db.deleteFrom("gias_import_rows").where("import_id", "=", importId).where("kind", "<>", "refused").where("urn", "in", some).execute();
      await insertRows(
        db,
        importId,
        some.map((urn) => {
          const first = firstLine.get(urn)!;
          const others = duplicated.get(urn)!.filter((l) => l !== first.line);
          return { kind: "refused", line: first.line, urn, name: first.name, reason: `URN ${urn} is also on line ${others.join(", ")}: a school may appear only once in the file.` };
        }),
      );
    }
  }

  const counts = await db
    .selectFrom("gias_import_rows")
    .select(["kind", (eb) => eb.fn.countAll<string>().as("n")])
    .where("import_id", "=", importId)
    .groupBy("kind")
    .execute();
  const n = (kind: string) => Number(counts.find((c) => c.kind === kind)?.n ?? 0);
  const inLa = rowsRead - otherLa;
  await db
    .updateTable("gias_imports")
    .set({
      status: "ready",
      rows_read: rowsRead,
      bytes_read: received.bytes,
      creates: n("create"),
      updates: n("update"),
      closures: n("close"),
      refused: n("refused"),
      other_la: otherLa,
      unchanged: Math.max(0, inLa - n("create") - n("update") - n("close") - n("refused")),
      heartbeat_at: sql`now()`,
    })
    .where("id", "=", importId)
    .execute();
}

/** A row's values as the portal stores them, or why the row is refused. */
function rowValues(field: (name: string) => string, districts: Map<string, number>): SchoolValues | string {
  const urn = field(C.urn);
  if (!/^\d{6}$/.test(urn)) return urn === "" ? "The row has no URN." : `URN "${urn}" is not six digits.`;
  const name = field(C.name);
  if (name.length < 1 || name.length > 200) return name === "" ? "The row has no EstablishmentName." : "EstablishmentName is longer than 200 characters.";
  const gPhase = field(C.phase);
  const phase = GIAS_PHASES[gPhase];
  if (!phase) return `PhaseOfEducation "${gPhase}" is not a phase the portal knows.`;
  const type = field(C.type);
  if (type === "") return "The row has no TypeOfEstablishment.";
  const gDistrict = field(C.district);
  const districtId = districts.get(districtKey(gDistrict));
  if (districtId === undefined) return `DistrictAdministrative "${gDistrict}" is not one of the portal's districts.`;
  const status = field(C.status);
  if (status === "") return "The row has no EstablishmentStatus.";
  const count = (column: string): number | null | string => {
    const text = field(column);
    if (text === "") return null;
    if (!/^\d{1,7}$/.test(text)) return `${column} "${text}" is not a whole number.`;
    return Number(text);
  };
  const roll = count(C.pupils);
  if (typeof roll === "string") return roll;
  const capacity = count(C.provisionCapacity);
  if (typeof capacity === "string") return capacity;
  const closeText = field(C.closeDate);
  const closedOn = closeText === "" ? null : giasDate(closeText);
  if (closeText !== "" && closedOn === null) return `CloseDate "${closeText}" is not a date in the form dd-mm-yyyy.`;
  const provision = field(C.provisionType);
  return {
    name,
    phase,
    establishment_type: type,
    district_id: districtId,
    number_on_roll: roll,
    postcode: field(C.postcode) || null,
    status,
    closed_on: closedOn,
    resourced_provision_type: provision === "" || provision === "Not applicable" ? null : provision,
    resourced_provision_capacity: capacity,
  };
}

async function insertRows(db: Kysely<Database>, importId: number, rows: Row[]) {
  await db
    .insertInto("gias_import_rows")
    .values(
      rows.map((r) => ({
        import_id: importId,
        line: r.line,
        kind: r.kind,
        urn: r.urn,
        name: r.name,
        school_id: r.schoolId ?? null,
        before: r.before ? JSON.stringify(r.before) : null,
        after: r.after ? JSON.stringify(r.after) : null,
        reason: r.reason ?? null,
      })),
    )
    .execute();
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
