import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS, isRole } from "../access/roles.ts";
import { reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { auditRow, recordAudit } from "../audit/audit.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { documentDownloadHeaders } from "../files/document-upload.server.ts";
import { fileStore } from "../files/files.server.ts";
import type { Result } from "../result.ts";
import { documentsClosed } from "./documents-upload.server.ts";
import { DOCUMENT_TYPES, evidenceChoices, isDocumentExtension } from "./documents.rules.ts";
import type { ChecklistItem } from "./funding.rules.ts";
import { fundingCan } from "./funding.workflow.ts";
import { type DB, FUNDING_STORE, visibleTo } from "./store.server.ts";

export { attachDocument, discardReceived, receiveDocument } from "./documents-upload.server.ts";

/**
 * A funding request's evidence documents (ADR 29): the list the request's pages show, withdrawing one, and the
 * download. Reached only through the request (`fundingRequestInReach`): another school's document is the same 404
 * as none. A withdrawn document keeps its row and bytes for the audit trail; the school no longer gets the file,
 * while the council (who reach requests from outside the school) still may, marked as withdrawn.
 */

export interface FundingDocument {
  id: number;
  title: string;
  evidenceLabel: string;
  fileName: string;
  typeLabel: string;
  bytes: number;
  uploadedBy: string;
  uploadedRole: string;
  uploadedAt: Date;
  withdrawn: { at: Date; by: string; reason: string | null } | null;
  /** The reference of the request it was carried over from by "Apply again" (ADR 33), if it was. */
  carriedFrom: string | null;
  /** Whether the actor may download it (a withdrawn one: the council only). */
  downloadable: boolean;
}

/** Whether the actor gets the file of a withdrawn document: only from outside the school (the council). */
function servesWithdrawn(actor: Actor) {
  return reachesFromOutsideSchools(actor);
}

/** The documents of a request the actor has already been found to reach (its page's read), oldest first. */
export async function documentsOf(db: DB, actor: Actor, fundingRequestId: number, checklist: ChecklistItem[]): Promise<FundingDocument[]> {
  const rows = await db
    .selectFrom("funding_request_documents as d")
    .innerJoin("users as u", "u.id", "d.uploaded_by")
    .leftJoin("users as w", "w.id", "d.withdrawn_by")
    .leftJoin("funding_request_documents as source", "source.id", "d.carried_from_document_id")
    .leftJoin("funding_requests as carried_from", "carried_from.id", "source.funding_request_id")
    .select([
      "d.id",
      "d.title",
      "d.evidence_key",
      "d.file_name",
      "d.extension",
      "d.byte_size",
      "d.uploaded_role",
      "d.uploaded_at",
      "d.withdrawn_at",
      "d.withdrawn_reason",
      "u.display_name as uploaded_by",
      "w.display_name as withdrawn_by",
      "carried_from.reference as carried_from",
    ])
    .where("d.funding_request_id", "=", fundingRequestId)
    .orderBy("d.id")
    .execute();
  const labels = new Map(evidenceChoices(checklist).map((c) => [c.key, c.label]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    evidenceLabel: labels.get(r.evidence_key) ?? r.evidence_key,
    fileName: r.file_name,
    typeLabel: isDocumentExtension(r.extension) ? DOCUMENT_TYPES[r.extension].label : r.extension,
    bytes: r.byte_size,
    uploadedBy: r.uploaded_by,
    uploadedRole: isRole(r.uploaded_role) ? ROLE_LABELS[r.uploaded_role] : r.uploaded_role,
    uploadedAt: r.uploaded_at,
    withdrawn: r.withdrawn_at ? { at: r.withdrawn_at, by: r.withdrawn_by ?? "", reason: r.withdrawn_reason } : null,
    carriedFrom: r.carried_from,
    downloadable: r.withdrawn_at === null || servesWithdrawn(actor),
  }));
}

/**
 * "Apply again" keeps the documents by reference (ADR 33): inside the renewal's transaction, the documents still
 * attached to the request it renews (not withdrawn) become documents of the new draft: each its own row (so either
 * request can withdraw it without touching the other, and each download is audited under the request it was
 * reached through) with the same title, evidence item, name and type, naming the same stored file (no byte is
 * copied) and the document it was carried from. Who added the file and when stay the original upload's; the
 * carrying over is its own audit row per document. Returns how many were carried.
 */
export async function carryOverDocuments(
  trx: DB,
  actor: Actor,
  renewal: { fromRequestId: number; fromReference: string; toRequestId: number; toReference: string },
  requestId: string,
): Promise<number> {
  const carried = await trx
    .insertInto("funding_request_documents")
    .columns([
      "funding_request_id",
      "title",
      "evidence_key",
      "file_name",
      "media_type",
      "extension",
      "byte_size",
      "sha256",
      "storage_key",
      "upload_key",
      "uploaded_by",
      "uploaded_role",
      "uploaded_at",
      "carried_from_document_id",
    ])
    .expression((eb) =>
      eb
        .selectFrom("funding_request_documents as d")
        .select([
          eb.lit(renewal.toRequestId).as("funding_request_id"),
          "d.title",
          "d.evidence_key",
          "d.file_name",
          "d.media_type",
          "d.extension",
          "d.byte_size",
          "d.sha256",
          "d.storage_key",
          // The form that added the file (unique within a request, as it was in the one it came from).
          "d.upload_key",
          "d.uploaded_by",
          "d.uploaded_role",
          "d.uploaded_at",
          "d.id",
        ])
        .where("d.funding_request_id", "=", renewal.fromRequestId)
        .where("d.withdrawn_at", "is", null)
        .orderBy("d.id"),
    )
    .returning(["id", "carried_from_document_id"])
    .execute();
  if (carried.length > 0) {
    await trx
      .insertInto("audit_events")
      .values(
        carried.map((d) =>
          auditRow({
            actor,
            action: "funding_document.carry_over",
            subjectType: "funding_request_document",
            subjectId: d.id,
            requestId,
            detail: { reference: renewal.toReference, from: renewal.fromReference, fromDocument: d.carried_from_document_id },
          }),
        ),
      )
      .execute();
  }
  return carried.length;
}

/**
 * Withdraws a document while the request is with the school: kept, listed as withdrawn, no longer served to the
 * school. Withdrawing one already withdrawn is answered as done (a form sent twice).
 */
export async function withdrawDocument(
  db: DB,
  actor: Actor,
  reference: string,
  input: { documentId: number; reason?: string },
  requestId: string,
): Promise<Result<{ again: boolean }>> {
  requirePermission(actor, "funding:draft");
  return db.transaction().execute(async (trx): Promise<Result<{ again: boolean }>> => {
    const row = await FUNDING_STORE.lock(trx, actor, reference);
    if (!row) notFound();
    const document = await trx
      .selectFrom("funding_request_documents")
      .select(["id", "withdrawn_at"])
      .where("id", "=", input.documentId)
      .where("funding_request_id", "=", row.id)
      .forUpdate()
      .executeTakeFirst();
    if (!document) notFound();
    if (document.withdrawn_at) return { ok: true, again: true };
    if (!fundingCan(actor.role, row.status).edit) return documentsClosed(row.status);
    await trx
      .updateTable("funding_request_documents")
      .set({ withdrawn_at: new Date(), withdrawn_by: actor.userId, withdrawn_reason: input.reason || null })
      .where("id", "=", document.id)
      .execute();
    await recordAudit(trx, {
      actor,
      action: "funding_document.withdraw",
      subjectType: "funding_request_document",
      subjectId: document.id,
      requestId,
      detail: { reference },
    });
    return { ok: true, again: false };
  });
}

/**
 * A document's file for download, if the actor may have it: its headers (an attachment under its safe name, its
 * own type, `nosniff`, a sandbox) and its bytes as a stream. Audited, with a view of the pupil the request names,
 * before any byte is read.
 */
export async function openDocument(db: DB, actor: Actor, reference: string, documentId: number, requestId: string) {
  requirePermission(actor, "funding:view");
  const document = await auditedRead(
    db,
    async (db) => {
      const found = await db
        .selectFrom("funding_request_documents as d")
        .innerJoin("funding_requests", "funding_requests.id", "d.funding_request_id")
        .innerJoin("stored_files as f", "f.storage_key", "d.storage_key")
        .select(["d.id", "d.file_name", "d.media_type", "d.byte_size", "d.storage_key", "d.withdrawn_at", "funding_requests.pupil_id", "funding_requests.id as request_id"])
        .where("d.id", "=", documentId)
        .where("funding_requests.reference", "=", reference)
        .where("f.complete", "=", true)
        .where(visibleTo(actor))
        .executeTakeFirst();
      if (!found || (found.withdrawn_at !== null && !servesWithdrawn(actor))) notFound();
      return found;
    },
    (d) => [
      { actor, action: "funding_document.download", subjectType: "funding_request_document", subjectId: d.id, requestId, detail: { reference } },
      ...(d.pupil_id === null ? [] : [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: d.pupil_id, requestId, detail: { via: reference, document: d.id } }]),
    ],
  );
  return {
    headers: documentDownloadHeaders(document),
    body: fileStore(db).open(document.storage_key),
  };
}
