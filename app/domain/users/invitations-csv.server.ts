import { parse } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/types.ts";
import type { IncomingFile } from "../../auth/upload-form.server.ts";
import type { Actor } from "../access/access.server.ts";
import { ROLE_LABELS, ROLES, type Role } from "../access/roles.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import type { Result } from "../result.ts";
import { MAX_CSV_LABEL, MAX_CSV_ROWS, type StaffCsvReport, type StaffCsvRow } from "./invitations.schema.ts";
import { invitationTarget, invitingReach, makeInvitation, OWN_SCHOOL_ONLY, SCHOOL_ROLES_ONLY } from "./invitations.server.ts";
import { email as emailSchema } from "./users.schema.ts";

type DB = Kysely<Database>;

/**
 * A CSV of staff invited in one go (issue 12, ADR 59): columns email, name, role and school URN (the header row names
 * them, in any order and case). Each row is checked as the invitation form checks one person, and the report says, row
 * by row, who is (or would be) invited and why anyone is refused. "Check the file" runs exactly the same work in a
 * transaction that is then rolled back, so what it reports is what sending does; sending is one transaction.
 */

/** What the upload kept of the file: its text, or why there is none. */
export type ReceivedCsv = { fileName: string; text: string } | { fileName: string; problem: string };

/** Reads the uploaded file into memory (it is at most MAX_CSV_BYTES: busboy stops it there). */
export async function receiveStaffCsv(file: IncomingFile): Promise<ReceivedCsv> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  const fileName = file.fileName.replace(/[^\p{L}\p{N} ._()-]/gu, "").slice(-100);
  if (file.stream.truncated) return { fileName, problem: `The file is too large. It must be smaller than ${MAX_CSV_LABEL}: split it into several files.` };
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0 && !fileName) return { fileName, problem: "Choose a CSV file of staff" };
  if (bytes.length === 0) return { fileName, problem: "The file is empty. Choose a CSV file with a header row and one row for each person." };
  if (bytes.includes(0)) return { fileName, problem: "The file is not a CSV file. Save the spreadsheet as CSV (comma separated values) and choose that file." };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: a spreadsheet saved as "CSV" in Windows' own encoding.
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return { fileName, text };
}

const COLUMNS: Record<string, "email" | "name" | "role" | "urn"> = {
  email: "email",
  "email address": "email",
  name: "name",
  "full name": "name",
  role: "role",
  "school urn": "urn",
  urn: "urn",
};

export const CSV_COLUMNS_NEEDED = "The first row of the file must name its columns: email, name, role and school URN.";

/** The roles a CSV may name: each role's code or its label ("SENCO", "Head teacher", "Council officer"). */
function roleOf(text: string): Role | null {
  const key = text.trim().toLowerCase().replace(/[\s_-]+/g, " ");
  for (const role of ROLES) {
    if (key === role.replace(/_/g, " ") || key === ROLE_LABELS[role].toLowerCase()) return role;
  }
  if (key === "head teacher" || key === "head") return "headteacher";
  if (key === "stls" || key === "stls teacher") return "stls";
  if (key === "administrator" || key === "admin") return "admin";
  return null;
}

interface CsvPerson {
  row: number;
  email: string;
  name: string;
  role: string;
  urn: string;
}

/** The file's rows, or what makes the whole file unreadable. */
export function parseStaffCsv(text: string): { ok: true; people: CsvPerson[] } | { ok: false; problem: string } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return { ok: false, problem: `The file could not be read as CSV${typeof line === "number" ? ` (near line ${line})` : ""}: check its quotes and commas.` };
  }
  const [header, ...rows] = records;
  const positions = new Map<string, number>();
  (header ?? []).forEach((cell, i) => {
    const column = COLUMNS[cell.trim().toLowerCase()];
    if (column && !positions.has(column)) positions.set(column, i);
  });
  if (!positions.has("email") || !positions.has("role")) return { ok: false, problem: CSV_COLUMNS_NEEDED };
  if (rows.length === 0) return { ok: false, problem: "The file has no rows of staff below its header row." };
  if (rows.length > MAX_CSV_ROWS) return { ok: false, problem: `The file has ${rows.length} rows of staff: at most ${MAX_CSV_ROWS} can be invited at once. Split it into several files.` };
  const cell = (row: string[], column: string) => {
    const i = positions.get(column);
    return i === undefined ? "" : (row[i] ?? "").trim();
  };
  return {
    ok: true,
    people: rows.map((row, i) => ({ row: i + 2, email: cell(row, "email"), name: cell(row, "name"), role: cell(row, "role"), urn: cell(row, "urn") })),
  };
}

const nameSchema = z.string().max(120);

class DryRun extends Error {
  constructor(readonly report: StaffCsvReport) {
    super("dry run");
  }
}

/**
 * Invites every acceptable row of a staff CSV (`send`), or says what that would do (not `send`: the same work, rolled
 * back). Refused rows say why: a bad email address, an unknown role, a school not found or not the headteacher's,
 * already invited or already holding the role, or a repeat of an earlier row.
 */
export async function inviteStaffCsv(
  db: DB,
  actor: Actor,
  input: { received: ReceivedCsv | undefined; send: boolean },
  requestId: string,
  now = new Date(),
): Promise<Result<{ report: StaffCsvReport }>> {
  const reach = invitingReach(actor);
  const received = input.received;
  if (!received) return { ok: false, fieldErrors: { file: ["Choose a CSV file of staff"] } };
  if ("problem" in received) return { ok: false, fieldErrors: { file: [received.problem] } };
  const parsed = parseStaffCsv(received.text);
  if (!parsed.ok) return { ok: false, fieldErrors: { file: [parsed.problem] } };
  const work = async (trx: DB): Promise<StaffCsvReport> => {
    const rows: StaffCsvRow[] = [];
    const seen = new Map<string, number>();
    for (const person of parsed.people) {
      const refuse = (detail: string) => rows.push({ row: person.row, email: person.email, outcome: "refused", detail });
      const email = emailSchema.safeParse(person.email);
      if (!email.success) {
        refuse(person.email ? "Not a valid email address" : "No email address");
        continue;
      }
      const key = `${email.data}|${roleOf(person.role) ?? person.role.toLowerCase()}|${person.urn}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        refuse(`Duplicate of row ${earlier}`);
        continue;
      }
      seen.set(key, person.row);
      const role = roleOf(person.role);
      if (!role) {
        refuse(person.role ? `Unknown role “${person.role.slice(0, 40)}”: use SENCO, headteacher, Inclusion Champion, council officer or administrator` : "No role");
        continue;
      }
      if (reach === "school" && role !== "senco" && role !== "headteacher") {
        refuse(SCHOOL_ROLES_ONLY);
        continue;
      }
      if (role === "stls") {
        refuse("An STLS specialist teacher needs a district: invite them one at a time with the invitation form");
        continue;
      }
      if (!nameSchema.safeParse(person.name).success) {
        refuse("Name must be 120 characters or fewer");
        continue;
      }
      const schoolRole = role === "senco" || role === "headteacher" || role === "inclusion_champion";
      if (schoolRole && person.urn && !/^[0-9]{6}$/.test(person.urn)) {
        refuse(reach === "school" ? OWN_SCHOOL_ONLY : `Not a school URN: “${person.urn.slice(0, 20)}” (a URN has 6 digits)`);
        continue;
      }
      if (schoolRole && !person.urn && reach === "county") {
        refuse("No school URN: a SENCO, headteacher or Inclusion Champion needs their school's URN");
        continue;
      }
      const target = await invitationTarget(trx, actor, { role, schoolUrn: person.urn || undefined, championUrns: person.urn || undefined });
      if (!target.ok) {
        const message = Object.values(target.fieldErrors ?? {})[0]?.[0] ?? target.formError ?? "Refused";
        refuse(message.startsWith("No school has") ? `School not found: no school has the URN ${person.urn}` : message);
        continue;
      }
      const made = await makeInvitation(trx, actor, { email: email.data, displayName: person.name || undefined, target }, requestId, now, { csvRow: person.row });
      if (!made.ok) {
        refuse(Object.values(made.fieldErrors ?? {})[0]?.[0] ?? made.formError ?? "Refused");
        continue;
      }
      rows.push({ row: person.row, email: email.data, outcome: input.send ? "invited" : "to_invite", detail: `${ROLE_LABELS[role]}, ${target.place}` });
    }
    const invited = rows.filter((r) => r.outcome !== "refused").length;
    const report: StaffCsvReport = { sent: input.send, fileName: received.fileName, rows, invited, refused: rows.length - invited };
    if (!input.send) throw new DryRun(report);
    await recordAudit(trx, { actor, action: "invitation.csv", subjectType: "invitation", requestId, detail: { rows: rows.length, invited, refused: report.refused } });
    return report;
  };
  try {
    return { ok: true, report: await db.transaction().execute(work) };
  } catch (error) {
    if (error instanceof DryRun) return { ok: true, report: error.report };
    if (isUniqueViolation(error, "invitations_open_idx")) {
      return { ok: false, formError: "Someone else invited some of these people at the same moment. Nothing was sent: check the file again." };
    }
    throw error;
  }
}
