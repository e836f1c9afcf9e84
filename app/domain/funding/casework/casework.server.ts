import { type Actor, notFound, requirePermission } from "../../access/access.server.ts";
import { recordAudit } from "../../audit/audit.server.ts";
import { londonToday } from "../../financial-year.ts";
import type { Result } from "../../result.ts";
import { submissionDigest } from "../../workflow/resubmission.server.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "../funding.schema.ts";
import { DECIDABLE, DECIDED, fundingCan } from "../funding.workflow.ts";
import { type DB, FUNDING_STORE, visibleTo } from "../store.server.ts";
import { type Officer, areasOf, bankHolidays, officersOfArea } from "./areas.server.ts";
import { referenceTyped } from "./queue-options.ts";
import { type ServiceLevel, dueSoonLimit, serviceLevel } from "./service-level.ts";

/**
 * A request's casework page (ADR 30), for council officers only (`funding:casework`): who has it, its due date,
 * assigning it, and the private case notes. The school never reaches any of it: the permission is the council's,
 * and nothing here is on the request page the school sees.
 */

export interface CaseNote {
  id: number;
  author: string;
  at: Date;
  body: string;
}

export interface Casework {
  reference: string;
  version: number;
  status: FundingStatus;
  statusLabel: string;
  school: string;
  urn: string;
  district: string;
  area: string;
  assignedTo: Officer | null;
  dueOn: string | null;
  serviceLevel: ServiceLevel | null;
  /** Whether the request may be assigned now (open with the council) and this officer works in its area. */
  mayAssign: boolean;
  yourAreas: string[];
  /** The officers of the request's area, who it may be assigned to. */
  colleagues: Officer[];
  notes: CaseNote[];
  /** The last note shown: a note's form carries it, so the same note sent twice is kept once. */
  lastNoteId: number;
}

export async function getCasework(db: DB, actor: Actor, reference: string, requestId: string, now = new Date()): Promise<Casework> {
  requirePermission(actor, "funding:casework");
  const row = await db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .leftJoin("users as assignee", "assignee.id", "funding_requests.assigned_to")
    .select([
      "funding_requests.id",
      "funding_requests.reference",
      "funding_requests.version",
      "funding_requests.status",
      "funding_requests.due_on",
      "funding_requests.decided_at",
      "funding_requests.assigned_to",
      "assignee.display_name as assignee_name",
      "schools.name as school_name",
      "schools.urn",
      "districts.name as district_name",
      "districts.area",
    ])
    .where("funding_requests.reference", "=", reference)
    .where(visibleTo(actor))
    .executeTakeFirst();
  if (!row || !isFundingStatus(row.status)) notFound();
  const status = row.status;
  const [notes, colleagues, yourAreas, holidays] = await Promise.all([
    db
      .selectFrom("funding_case_notes")
      .innerJoin("users", "users.id", "funding_case_notes.author_user_id")
      .select(["funding_case_notes.id", "funding_case_notes.body", "funding_case_notes.created_at", "users.display_name"])
      .where("funding_case_notes.funding_request_id", "=", row.id)
      .orderBy("funding_case_notes.id")
      .execute(),
    officersOfArea(db, row.area),
    areasOf(db, actor.userId),
    bankHolidays(db),
  ]);
  // Case notes are about a child's request: each view is audited, as a request's is.
  await recordAudit(db, { actor, action: "funding_request.casework_view", subjectType: "funding_request", subjectId: row.id, requestId, detail: { reference } });
  const today = londonToday(now);
  const decided = (DECIDED as readonly string[]).includes(status) && row.decided_at ? londonToday(new Date(row.decided_at)) : null;
  return {
    reference: row.reference,
    version: row.version,
    status,
    statusLabel: FUNDING_STATUS_LABELS[status],
    school: row.school_name,
    urn: row.urn,
    district: row.district_name,
    area: row.area,
    assignedTo: row.assigned_to ? { id: row.assigned_to, name: row.assignee_name ?? "" } : null,
    dueOn: row.due_on,
    serviceLevel: serviceLevel({ dueOn: row.due_on, waiting: (DECIDABLE as readonly string[]).includes(status), decidedOn: decided }, today, dueSoonLimit(today, holidays)),
    mayAssign: fundingCan(actor.role, status).assign && yourAreas.includes(row.area),
    yourAreas,
    colleagues,
    notes: notes.map((n) => ({ id: Number(n.id), author: n.display_name, at: n.created_at, body: n.body })),
    lastNoteId: notes.length ? Number(notes.at(-1)!.id) : 0,
  };
}

/**
 * Officer: adds a private case note. Append-only (a trigger refuses UPDATE and DELETE), audited in the same
 * transaction (the audit row names the note, never its words). The same note sent twice by the same officer from
 * the same page (`after`: the last note that page showed) is kept once.
 */
export async function addCaseNote(
  db: DB,
  actor: Actor,
  reference: string,
  input: { body: string; after: number },
  requestId: string,
): Promise<Result<{ again: boolean }>> {
  requirePermission(actor, "funding:casework");
  return db.transaction().execute(async (trx) => {
    const row = await FUNDING_STORE.lock(trx, actor, reference);
    if (!row) notFound();
    const digest = submissionDigest({ author: actor.userId, after: input.after, body: input.body });
    const note = await trx
      .insertInto("funding_case_notes")
      .values({ funding_request_id: row.id, author_user_id: actor.userId, body: input.body, submission_digest: digest })
      .onConflict((oc) => oc.columns(["funding_request_id", "submission_digest"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!note) return { ok: true, again: true };
    await recordAudit(trx, {
      actor,
      action: "funding_request.case_note_added",
      subjectType: "funding_request",
      subjectId: row.id,
      requestId,
      detail: { reference, note: Number(note.id) },
    });
    return { ok: true, again: false };
  });
}

/** The request an officer's search names exactly by its reference, if they reach it: the search goes straight there. */
export async function requestNamedBy(db: DB, actor: Actor, q: string): Promise<string | null> {
  requirePermission(actor, "funding:casework");
  const reference = referenceTyped(q);
  if (!reference) return null;
  const row = await db.selectFrom("funding_requests").select("reference").where("reference", "=", reference).where(visibleTo(actor)).executeTakeFirst();
  return row?.reference ?? null;
}
