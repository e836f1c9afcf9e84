import type { Kysely } from "kysely";
import writeXlsxFile from "write-excel-file/node";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type CsvCell, toCsv } from "../csv.server.ts";
import { londonToday } from "../financial-year.ts";
import { bookingsOf, eventForAttendance } from "./attendance.server.ts";

/**
 * An event's attendee list as a download (CSV or XLSX): the booked people with their attendance, then the waiting
 * list in order. Staff names and work emails, no child: still an export of personal data, so audited.
 */

type DB = Kysely<Database>;

const HEADER = ["list", "position", "name", "role", "school", "urn", "email", "attendance"];

function attendanceWords(attended: boolean | null): string {
  return attended === null ? "Not marked" : attended ? "Attended" : "Did not attend";
}

async function exportRows(db: DB, actor: Actor, eventKey: string | undefined, format: "csv" | "xlsx", requestId: string) {
  return db.transaction().execute(async (trx) => {
    const event = await eventForAttendance(trx, actor, eventKey);
    const bookings = await bookingsOf(trx, event.id);
    const booked = bookings.filter((b) => b.status === "booked");
    const waiting = bookings.filter((b) => b.status === "waiting");
    const rows: (string | number)[][] = [
      ...booked.map((b, i) => ["Booked", i + 1, b.name, b.role, b.school, b.urn, b.email, attendanceWords(b.attended)]),
      ...waiting.map((b, i) => ["Waiting list", i + 1, b.name, b.role, b.school, b.urn, b.email, ""]),
    ];
    await recordAudit(trx, {
      actor,
      action: "training.attendees_export",
      subjectType: "training_event",
      subjectId: event.id,
      requestId,
      detail: { format, booked: booked.length, waiting: waiting.length },
    });
    return { filename: `attendees-event-${event.id}-${londonToday(new Date(event.starts_at))}`, rows };
  });
}

/** The list as CSV (through csv.server.ts: a byte-order mark, and cells that could run as formulas neutralised). */
export async function exportAttendeesCsv(db: DB, actor: Actor, eventKey: string | undefined, requestId: string) {
  const { filename, rows } = await exportRows(db, actor, eventKey, "csv", requestId);
  return { filename: `${filename}.csv`, csv: toCsv(HEADER, rows as CsvCell[][]) };
}

/**
 * The list as an Excel workbook (write-excel-file). Every value is written as a typed cell, text as text: a name
 * typed as `=HYPERLINK(...)` is a string cell, never a formula, so nothing needs quoting.
 */
export async function exportAttendeesXlsx(db: DB, actor: Actor, eventKey: string | undefined, requestId: string) {
  const { filename, rows } = await exportRows(db, actor, eventKey, "xlsx", requestId);
  const sheet = [
    HEADER.map((value) => ({ value, fontWeight: "bold" as const })),
    ...rows.map((row) => row.map((value) => (typeof value === "number" ? { value, type: Number } : { value, type: String }))),
  ];
  const bytes = await writeXlsxFile(sheet, { sheet: "Attendees", stickyRowsCount: 1, columns: [14, 10, 28, 24, 32, 10, 32, 16].map((width) => ({ width })) }).toBuffer();
  return { filename: `${filename}.xlsx`, bytes };
}
