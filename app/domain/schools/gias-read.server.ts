import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { ReceivedGiasFile } from "./gias-file.server.ts";
import { districtKey, GIAS_CLOSED, GIAS_COLUMNS as C, GIAS_PHASES, GIAS_REQUIRED, giasDate, SCHOOL_FIELDS, type SchoolValues } from "./gias-columns.ts";

/**
 * Reading a GIAS extract into its dry run (issue 12, ADRs 62 and 65): csv-parse through iconv-lite from the
 * temporary file, 500 rows decided at a time (one query for their schools, one insert for what changes), the
 * progress the import's page shows moved as it goes. gias-import.server.ts starts it, and applies what it stored.
 */

/** Rows read and decided together: one query for their schools, one insert for what changes. */
const BATCH = 500;
/** Rows read between two updates of the progress the import's page shows, whatever they hold. */
const PROGRESS_EVERY = 2_000;

/** The file cannot be imported, and why (the import is refused). */
export class FileProblem extends Error {}

type Row = { kind: "create" | "update" | "close" | "refused"; line: number; urn: string | null; name: string | null; schoolId?: number; before?: SchoolValues; after?: SchoolValues; reason?: string };

/** The portal was told to stop while a dry run was being read. */
export class Stopped extends Error {}

function csvProblem(error: unknown): string {
  const e = error as { code?: string; lines?: number; message?: string };
  const at = typeof e.lines === "number" ? ` at line ${e.lines}` : "";
  // csv-parse finds an unclosed quote where the file ends, not where the quote opened: say so.
  if (e.code === "CSV_QUOTE_NOT_CLOSED") return `The file is not valid CSV: a quoted value is never closed (the file ends${at} inside it).`;
  return `The file is not valid CSV${at}: ${e.message ?? "it could not be read"}.`;
}

/**
 * Reads the file into the import's dry run (gias_import_rows) and marks it 'ready' with its counts. `onHeader` is
 * called once the column headers are accepted; a file that cannot be imported throws FileProblem, a stop asked for
 * by `signal` throws Stopped (checked at each progress update).
 */
export async function readRows(
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

